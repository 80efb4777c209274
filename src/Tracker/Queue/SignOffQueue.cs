using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Tracker.Stories;

namespace Tracker.Queue;

/// <summary>
/// One thing awaiting the caller's sign-off: a pending verdict (kind "verdict") or rewording ("text_correction") someone
/// else proposed, or a published verdict whose cited source changed since ("cited_source_changed"; then proposedBy and
/// proposedAt are who changed the source and when, so the queue orders every kind by how long it has waited).
/// </summary>
public sealed record AwaitingSignOff(string Kind, Guid ClaimId, string Claim, Guid StoryId, string Story, Guid? VerdictId, string? Rating,
    string ProposedBy, DateTimeOffset ProposedAt, double AgeHours)
{
    public Guid? TextCorrectionId { get; init; }
    public string? ProposedText { get; init; }

    public Guid? SourceId { get; init; }
    public string? Source { get; init; }
    /// <summary>"retracted" or "details_corrected".</summary>
    public string? Change { get; init; }
    /// <summary>The retraction's note or the correction's reason.</summary>
    public string? ChangeNote { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
}

/// <summary>
/// "Awaiting my sign-off": for an editor, every pending verdict and rewording they may approve (not their own), and every
/// published verdict whose cited source was retracted or corrected since, oldest first.
/// Anyone else has nothing awaiting them. Read from the claims' inline snapshots, so it is never behind.
/// </summary>
public static class SignOffQueue
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/queue", async (HttpContext http, Ledger ledger) => Results.Ok(await For(ledger, http.Actor(), http.RequestAborted)))
            .Allow(Access.Anyone).WithTags("Queue").WithSummary("What awaits your sign-off: pending verdicts and rewordings you may approve, verdicts whose cited source changed; oldest first");

    public static async Task<IReadOnlyList<AwaitingSignOff>> For(Ledger ledger, Actor caller, CancellationToken ct) =>
        !caller.Roles.Contains(Role.Editor) ? []
        : await From(ledger, caller, await ledger.All<Story>(caller.Newsroom, ct), [.. (await ledger.All<Claim>(caller.Newsroom, ct)).Select(c => c.State)], ct);

    /// <summary>The queue from the newsroom's stories and claims as already read (the board reads them once for all it shows).</summary>
    public static async Task<IReadOnlyList<AwaitingSignOff>> From(Ledger ledger, Actor caller, IReadOnlyList<Aggregate<Story>> allStories,
        IReadOnlyList<Claim> allClaims, CancellationToken ct)
    {
        if (!caller.Roles.Contains(Role.Editor)) return [];
        var now = ledger.Clock.GetUtcNow();
        var stories = allStories.ToDictionary(s => s.Id, s => s.State.Title);
        var claims = allClaims.Where(c => !c.IsArchived).ToList();
        var verdicts = claims
            .Where(c => c.PendingVerdict is { } v && v.ProposedBy != caller.AccountId)
            .Select(c => new AwaitingSignOff("verdict", c.Id, c.Text, c.StoryId, stories.GetValueOrDefault(c.StoryId, ""),
                c.PendingVerdict!.VerdictId, c.PendingVerdict.Rating, c.PendingVerdict.ProposedByName, c.PendingVerdict.ProposedAt,
                Math.Round((now - c.PendingVerdict.ProposedAt).TotalHours, 1)));
        var rewordings = claims
            .Where(c => c.PendingTextCorrection is { } t && t.ProposedBy != caller.AccountId)
            .Select(c => new AwaitingSignOff("text_correction", c.Id, c.Text, c.StoryId, stories.GetValueOrDefault(c.StoryId, ""),
                null, null, c.PendingTextCorrection!.ProposedByName, c.PendingTextCorrection.ProposedAt,
                Math.Round((now - c.PendingTextCorrection.ProposedAt).TotalHours, 1))
            {
                TextCorrectionId = c.PendingTextCorrection.TextCorrectionId,
                ProposedText = c.PendingTextCorrection.Text,
            });
        var sourceChanges = await CitedSourceChanges.Of(ledger, caller.Newsroom, claims, stories, now, ct);
        return verdicts.Concat(rewordings).Concat(sourceChanges).OrderBy(x => x.ProposedAt).ToList();
    }
}
