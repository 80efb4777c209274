using Npgsql;
using NpgsqlTypes;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>
/// Every event of a story and of its claims, one row each, with both clocks and a line a person can read.
/// Claim events other than claim_logged do not name their story, and a summary needs the claim's text and
/// the attributed source as they stood at that event, so the projection folds claims and sources itself.
/// </summary>
public sealed class StoryTimelineProjection : IAsyncProjection
{
    public const string ProjectionName = "story_timeline";

    public static readonly string Table = $"{TrackerStore.Schema}.story_timeline";

    private readonly FoldedStreams<Claim> claims = new("story_timeline_claims");
    private readonly FoldedStreams<Source> sources = new("story_timeline_sources");

    public string Name => ProjectionName;

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.Execute($"""
            create table if not exists {Table} (
                tenant_id text not null,
                seq bigint not null,
                story_id uuid not null,
                stream_id uuid not null,
                stream_type text not null,
                version int not null,
                event_id uuid not null,
                type text not null,
                actor text,
                reason text,
                summary text not null,
                recorded_at timestamptz not null,
                world_at timestamptz,
                data jsonb not null,
                primary key (tenant_id, seq));
            create index if not exists story_timeline_recorded on {Table} (tenant_id, story_id, recorded_at, seq);
            create index if not exists story_timeline_world on {Table} (tenant_id, story_id, world_at, recorded_at, seq);
            """, ct);
        await claims.EnsureSchema(conn, ct);
        await sources.EnsureSchema(conn, ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.Execute($"delete from {Table}", ct);
        await claims.Reset(conn, ct);
        await sources.Reset(conn, ct);
    }

    public async Task Apply(NpgsqlConnection conn, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var claimStates = await claims.Load(conn, events.SelectMany(ClaimsNamed), ct);
        // A withdrawal names the attribution only; its source is on the claim as folded so far.
        var sourceIds = events.SelectMany(e => SourcesNamed(e, claimStates));
        var sourceStates = await sources.Load(conn, sourceIds, ct);

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
        await claimStates.Save(conn, ct);
        await sourceStates.Save(conn, ct);
        await Insert(conn, rows, ct);
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

    private static async Task Insert(NpgsqlConnection conn, List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"insert into {Table} (tenant_id, seq, story_id, stream_id, stream_type, version, event_id, type, actor, reason, summary, recorded_at, world_at, data) " +
            "select * from unnest($1::text[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::uuid[], $8::text[], $9::text[], " +
            "$10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::jsonb[]) on conflict do nothing", conn);
        cmd.Column(rows.Select(r => r.Event.Tenant));
        cmd.Column(rows.Select(r => r.Event.Sequence));
        cmd.Column(rows.Select(r => r.StoryId));
        cmd.Column(rows.Select(r => r.Event.StreamId));
        cmd.Column(rows.Select(r => r.Event.StreamType));
        cmd.Column(rows.Select(r => r.Event.Version));
        cmd.Column(rows.Select(r => r.Event.Id));
        cmd.Column(rows.Select(r => r.Event.Type));
        cmd.Column(rows.Select(r => r.Event.Metadata.Actor));
        cmd.Column(rows.Select(r => r.Event.Metadata.Reason));
        cmd.Column(rows.Select(r => r.Line.Summary));
        cmd.Column(rows.Select(r => r.Event.RecordedAt.ToUniversalTime()));
        cmd.Column(rows.Select(r => r.Line.WorldAt?.ToUniversalTime()));
        cmd.Column(rows.Select(r => r.Event.DataJson ?? "{}"), NpgsqlDbType.Jsonb);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
