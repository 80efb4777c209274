using Tracker.Claims;
using Tracker.Commands;
using Tracker.Http;
using Tracker.Store;
using Tracker.Stories;

namespace Tracker.Queue;

/// <summary>One thing awaiting the caller's sign-off: a pending verdict someone else proposed.</summary>
public sealed record AwaitingSignOff(string Kind, Guid ClaimId, string Claim, Guid StoryId, string Story, Guid VerdictId, string Rating,
    string ProposedBy, DateTimeOffset ProposedAt, double AgeHours);

/// <summary>
/// "Awaiting my sign-off": for an editor, every pending verdict they may approve (not their own), oldest first.
/// Anyone else has nothing awaiting them. Read from the claims' inline snapshots, so it is never behind.
/// </summary>
public static class SignOffQueue
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue", async (HttpContext http, Ledger ledger) => Results.Ok(await For(ledger, http.Actor(), http.RequestAborted)))
            .Allow(Access.Anyone).WithTags("Queue").WithSummary("What awaits your sign-off: pending verdicts you may approve, oldest first");

    public static async Task<IReadOnlyList<AwaitingSignOff>> For(Ledger ledger, Actor caller, CancellationToken ct)
    {
        if (!caller.Roles.Contains(Role.Editor)) return [];
        var now = ledger.Clock.GetUtcNow();
        var stories = (await ledger.All<Story>(caller.Newsroom, ct)).ToDictionary(s => s.Id, s => s.State.Title);
        return (await ledger.All<Claim>(caller.Newsroom, ct))
            .Select(c => c.State)
            .Where(c => !c.IsArchived && c.PendingVerdict is { } v && v.ProposedBy != caller.AccountId)
            .Select(c => (Claim: c, Verdict: c.PendingVerdict!))
            .OrderBy(x => x.Verdict.ProposedAt)
            .Select(x => new AwaitingSignOff("verdict", x.Claim.Id, x.Claim.Text, x.Claim.StoryId, stories.GetValueOrDefault(x.Claim.StoryId, ""),
                x.Verdict.VerdictId, x.Verdict.Rating, x.Verdict.ProposedByName, x.Verdict.ProposedAt,
                Math.Round((now - x.Verdict.ProposedAt).TotalHours, 1)))
            .ToList();
    }
}
