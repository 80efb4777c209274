using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Store;

namespace Tracker.Replay;

/// <summary>
/// Every event of a story and of its claims, one row each, with both clocks and a line a person can read.
/// Claim events other than claim_logged do not name their story, and a summary needs the claim's text and
/// the attributed source as they stood at that event, so the projection folds claims and sources itself.
/// </summary>
public sealed class StoryTimelineProjection : ISqlProjection
{
    public const string ProjectionName = "story_timeline";

    public static readonly string Table = $"{TrackerStore.Schema}.story_timeline";

    private readonly FoldedStreams<Claim> claims = new("story_timeline_claims");
    private readonly FoldedStreams<Source> sources = new("story_timeline_sources");

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [Table, claims.Table, sources.Table];

    public IEnumerable<string> Schema()
    {
        yield return $"""
            create table if not exists {Table} (
                tenant_id text not null,
                seq bigint not null,
                story_id uuid not null,
                stream_type text not null,
                summary text not null,
                recorded_at timestamptz not null,
                world_at timestamptz,
                constraint story_timeline_seq primary key (seq))
            """;
        // Keys without the tenant: seq is the event's seq_id and story ids are UUIDs, both unique across newsrooms.
        yield return $"create index if not exists story_timeline_story_recorded on {Table} (story_id, recorded_at, seq)";
        // Only entries with a world time can fall in a world-clock range: most events (corrections, verdicts) have none.
        yield return $"create index if not exists story_timeline_story_world on {Table} (story_id, world_at, recorded_at, seq) where world_at is not null";
        yield return claims.Schema();
        yield return sources.Schema();
    }

    public async Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        var claimStates = await claims.Load(batch, batch.Events.SelectMany(ClaimsNamed), ct);
        // A withdrawal names the attribution only; its source is on the claim as folded so far.
        var sourceStates = await sources.Load(batch, batch.Events.SelectMany(e => SourcesNamed(e, claimStates)), ct);
        var rows = Fold(batch.Events, claimStates, sourceStates);
        claimStates.Save(batch);
        sourceStates.Save(batch);
        Insert(batch, rows);
    }

    private static List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> Fold(IReadOnlyList<StoredEvent> events,
        FoldedStreams<Claim>.Batch claimStates, FoldedStreams<Source>.Batch sourceStates)
    {
        var rows = new List<(StoredEvent Event, Guid StoryId, TimelineLine Line)>();
        foreach (var e in events)
        {
            switch (e.StreamType)
            {
                case StoryEventTypes.StreamType:
                    rows.Add((e, e.StreamId, TimelineLine.ForStory(e)));
                    break;
                case SourceEventTypes.StreamType:
                    sourceStates.Evolve(e);
                    break;
                case ClaimEventTypes.StreamType:
                    var before = claimStates[e.Tenant, e.StreamId];
                    var line = TimelineLine.ForClaim(e, before,
                        id => sourceStates[e.Tenant, id] is { IsRegistered: true } s ? s : null,
                        id => claimStates[e.Tenant, id] is { IsLogged: true } c ? c : null);
                    var after = claimStates.Evolve(e);
                    if (after.IsLogged) rows.Add((e, after.StoryId, line));
                    break;
            }
        }
        return rows;
    }

    /// <summary>The claims an event needs the state of: its own and, for links, the other one.</summary>
    private static IEnumerable<(string, Guid)> ClaimsNamed(StoredEvent e)
    {
        if (e.StreamType != ClaimEventTypes.StreamType) yield break;
        yield return (e.Tenant, e.StreamId);
        if (e.Data is ClaimLinked linked) yield return (e.Tenant, linked.OtherClaimId);
        if (e.Data is ClaimUnlinked unlinked) yield return (e.Tenant, unlinked.OtherClaimId);
    }

    /// <summary>The sources an event needs the state of: a source's own events, and the source an attribution names.</summary>
    private static IEnumerable<(string, Guid)> SourcesNamed(StoredEvent e, FoldedStreams<Claim>.Batch claimStates)
    {
        if (e.StreamType == SourceEventTypes.StreamType) yield return (e.Tenant, e.StreamId);
        if (e.Data is AttributionAdded added) yield return (e.Tenant, added.SourceId);
        if (e.Data is AttributionWithdrawn w && claimStates[e.Tenant, e.StreamId].FindAttribution(w.AttributionId) is { } a)
            yield return (e.Tenant, a.SourceId);
    }

    /// <summary>
    /// Only what the event does not hold (the story, the line, the world time) and the keys the reads order by. A batch is
    /// applied at least once, so a row may already be there.
    /// </summary>
    private static void Insert(SqlProjectionBatch batch, List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows)
    {
        if (rows.Count == 0) return;
        batch.Queue(
            $"insert into {Table} (tenant_id, seq, story_id, stream_type, summary, recorded_at, world_at) " +
            "select * from unnest(?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[]) on conflict do nothing",
            rows.Select(r => r.Event.Tenant).ToArray(),
            rows.Select(r => r.Event.Sequence).ToArray(),
            rows.Select(r => r.StoryId).ToArray(),
            rows.Select(r => r.Event.StreamType).ToArray(),
            rows.Select(r => r.Line.Summary).ToArray(),
            rows.Select(r => r.Event.RecordedAt.ToUniversalTime()).ToArray(),
            rows.Select(r => r.Line.WorldAt?.ToUniversalTime()).ToArray());
    }
}
