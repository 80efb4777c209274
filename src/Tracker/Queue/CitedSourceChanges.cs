using Tracker.Claims;
using Tracker.Sources;
using Tracker.Store;

namespace Tracker.Queue;

/// <summary>
/// Published verdicts whose evidence cites a source that was retracted, or had its details corrected, after the verdict
/// was approved: the editors should look again. Computed as a read, not kept: the claims' inline snapshots say which
/// published verdict cites which source and when it was approved, and the cited sources' own streams say what changed
/// and when. A read model would have to join two stream types and could lag behind a retraction; this is never behind,
/// reads only the streams of sources actually cited, and a newer published verdict (approved after the change) clears
/// the flag with no bookkeeping. Both times are the app clock's, as every event's recordedAt is.
/// </summary>
internal static class CitedSourceChanges
{
    public static async Task<IEnumerable<AwaitingSignOff>> Of(Ledger ledger, string newsroom, IReadOnlyList<Claim> claims,
        IReadOnlyDictionary<Guid, string> stories, DateTimeOffset now, CancellationToken ct)
    {
        var citing = claims.Where(c => c.PublishedVerdict is { ApprovedAt: not null } v && v.Evidence.Any(e => e.SourceId is not null)).ToList();
        if (citing.Count == 0) return [];
        var cited = citing.SelectMany(c => c.PublishedVerdict!.Evidence).Select(e => e.SourceId).OfType<Guid>().Distinct().ToArray();
        var sources = (await ledger.LoadMany<Source>(newsroom, cited, ct)).ToDictionary(s => s.Id, s => s.State);
        var changes = (await ledger.EventsOf(newsroom, cited, ct))
            .Where(e => e.Data is SourceRetracted or SourceDetailsCorrected)
            .ToLookup(e => e.StreamId);
        return
            from claim in citing
            let verdict = claim.PublishedVerdict!
            from sourceId in verdict.Evidence.Select(e => e.SourceId).OfType<Guid>().Distinct()
            from change in changes[sourceId]
            where change.RecordedAt > verdict.ApprovedAt!.Value
            select new AwaitingSignOff("cited_source_changed", claim.Id, claim.Text, claim.StoryId, stories.GetValueOrDefault(claim.StoryId, ""),
                verdict.VerdictId, verdict.Rating, ActorLabel.NameOf(change.Metadata.Actor), change.RecordedAt,
                Math.Round((now - change.RecordedAt).TotalHours, 1))
            {
                SourceId = sourceId,
                Source = sources.GetValueOrDefault(sourceId)?.Details.Name ?? "",
                Change = change.Data is SourceRetracted ? "retracted" : "details_corrected",
                ChangeNote = change.Data switch { SourceRetracted r => r.Note, SourceDetailsCorrected c => c.Reason, _ => null },
                ChangedAt = change.RecordedAt,
            };
    }
}
