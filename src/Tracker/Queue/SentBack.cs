using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.Queue;

/// <summary>A verdict of yours an editor sent back, on a claim that has no newer verdict yet: what to work on again.</summary>
public sealed record SentBackVerdict(Guid ClaimId, string Claim, Guid StoryId, string Story, Guid VerdictId, string Rating, string Summary,
    string RejectedBy, DateTimeOffset RejectedAt, string Reason);

/// <summary>
/// "Sent back to you": the verdicts the caller proposed that an editor rejected, while the claim has no verdict after them
/// (a new proposal, pending or published, takes the claim off the list). A fact-checker learned of a rejection only by
/// opening the claim. Read from the claims' inline snapshots, so it is never behind.
/// </summary>
public static class SentBack
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue/sent-back", async (HttpContext http, Ledger ledger) => Results.Ok(await For(ledger, http.Actor(), http.RequestAborted)))
            .Allow(Access.Anyone).WithTags("Queue").WithSummary("Your verdicts an editor sent back, on claims with no newer verdict; newest first");

    public static async Task<IReadOnlyList<SentBackVerdict>> For(Ledger ledger, Actor caller, CancellationToken ct) =>
        From(caller, await ledger.All<Story>(caller.Newsroom, ct), [.. (await ledger.All<Claim>(caller.Newsroom, ct)).Select(c => c.State)]);

    /// <summary>The list from the newsroom's stories and claims as already read (the board reads them once for all it shows).</summary>
    public static IReadOnlyList<SentBackVerdict> From(Actor caller, IReadOnlyList<Aggregate<Story>> allStories, IReadOnlyList<Claim> claims)
    {
        var stories = allStories.ToDictionary(s => s.Id, s => s.State.Title);
        return claims
            .Where(c => !c.IsArchived && c.Verdicts.LastOrDefault() is { Outcome: VerdictOutcome.Rejected } last && last.ProposedBy == caller.AccountId)
            .Select(c => (Claim: c, Verdict: c.Verdicts[^1]))
            .Select(x => new SentBackVerdict(x.Claim.Id, x.Claim.Text, x.Claim.StoryId, stories.GetValueOrDefault(x.Claim.StoryId, ""),
                x.Verdict.VerdictId, x.Verdict.Rating, x.Verdict.Summary, x.Verdict.ClosedByName ?? "", x.Verdict.ClosedAt ?? x.Verdict.ProposedAt,
                x.Verdict.ClosedReason ?? ""))
            .OrderByDescending(x => x.RejectedAt).ToList();
    }
}
