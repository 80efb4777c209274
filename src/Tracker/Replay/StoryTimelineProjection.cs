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
/// <param name="copyFrom">
/// Rows from which a batch goes in by binary COPY; fewer go in by one INSERT. The live daemon's batches are a few dozen
/// events, for which COPY's extra round trips (a savepoint around it, for the fallback) cost more than they save.
/// </param>
public sealed class StoryTimelineProjection(int copyFrom = 200) : IPreparedProjection
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
                stream_type text not null,
                summary text not null,
                recorded_at timestamptz not null,
                world_at timestamptz,
                constraint story_timeline_seq primary key (seq));
            -- Keys without the tenant: seq is the event's seq_id and story ids are UUIDs, both unique across newsrooms,
            -- and a text column leading every index more than doubled the cost of writing a row in a rebuild.
            create index if not exists story_timeline_story_recorded on {Table} (story_id, recorded_at, seq);
            -- Only entries with a world time can fall in a world-clock range: most events (corrections, verdicts) have none.
            create index if not exists story_timeline_story_world on {Table} (story_id, world_at, recorded_at, seq) where world_at is not null;
            -- Tables made before: copies of the event's payload, ids, type and metadata (now read from the event itself,
            -- as a rebuild wrote them for every event) and tenant-led keys.
            alter table {Table} drop column if exists data, drop column if exists stream_id, drop column if exists version,
                drop column if exists event_id, drop column if exists type, drop column if exists actor, drop column if exists reason;
            drop index if exists {TrackerStore.Schema}.story_timeline_recorded;
            drop index if exists {TrackerStore.Schema}.story_timeline_world;
            do $$ begin
                if exists (select from pg_constraint where conname = 'story_timeline_pkey' and conrelid = '{Table}'::regclass) then
                    alter table {Table} drop constraint story_timeline_pkey;
                    alter table {Table} add constraint story_timeline_seq primary key (seq);
                end if;
            end $$;
            """, ct);
        await claims.EnsureSchema(conn, ct);
        await sources.EnsureSchema(conn, ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        // Truncate, not delete: a rebuild then inserts into an empty table, not past a million dead rows.
        await conn.Execute($"truncate {Table}", ct);
        await claims.Reset(conn, ct);
        await sources.Reset(conn, ct);
    }

    public async Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
    {
        var claimStates = await claims.Load(conn, batch, batch.Events.SelectMany(ClaimsNamed), ct);
        // A withdrawal names the attribution only; its source is on the claim as folded so far.
        var sourceStates = await sources.Load(conn, batch, batch.Events.SelectMany(e => SourcesNamed(e, claimStates)), ct);
        await Fold(batch, claimStates, sourceStates).Write(conn, ct);
    }

    public IProjectionWrite? TryPrepare(ProjectionBatch batch) =>
        claims.Recall(batch, batch.Events.SelectMany(ClaimsNamed)) is { } claimStates
        && sources.Recall(batch, batch.Events.SelectMany(e => SourcesNamed(e, claimStates))) is { } sourceStates
            ? Fold(batch, claimStates, sourceStates)
            : null;

    private Folded Fold(ProjectionBatch batch, FoldedStreams<Claim>.Batch claimStates, FoldedStreams<Source>.Batch sourceStates)
    {
        var rows = new List<(StoredEvent Event, Guid StoryId, TimelineLine Line)>();
        foreach (var e in batch.Events)
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
        // The next batch may be folded from these before this one is written.
        claimStates.Offer();
        sourceStates.Offer();
        return new Folded(this, claimStates, sourceStates, rows);
    }

    /// <summary>A folded batch: the states it moved and its timeline rows.</summary>
    private sealed class Folded(StoryTimelineProjection owner, FoldedStreams<Claim>.Batch claims, FoldedStreams<Source>.Batch sources,
        List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows) : IProjectionWrite
    {
        public async Task Write(NpgsqlConnection conn, CancellationToken ct)
        {
            await claims.Save(conn, ct);
            await sources.Save(conn, ct);
            await owner.Insert(conn, rows, ct);
        }
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

    /// <summary>Only what the event does not hold (the story, the line, the world time) and the keys the reads order by.</summary>
    private const string Columns = "tenant_id, seq, story_id, stream_type, summary, recorded_at, world_at";

    /// <summary>
    /// Binary COPY for a large batch, the fastest way in. A batch is applied at least once, so a row may already be there:
    /// COPY then fails on the primary key, and the batch falls back to an insert that skips what exists.
    /// </summary>
    private async Task Insert(NpgsqlConnection conn, List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        if (rows.Count < copyFrom)
        {
            await InsertMissing(conn, rows, ct);
            return;
        }
        await conn.Execute("savepoint timeline_copy", ct);
        try
        {
            await Copy(conn, rows, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await conn.Execute("rollback to savepoint timeline_copy", ct);
            await InsertMissing(conn, rows, ct);
        }
        await conn.Execute("release savepoint timeline_copy", ct);
    }

    /// <remarks>
    /// Rows are written with the importer's synchronous calls: they only copy into its 8 KB buffer and block when it is
    /// sent. Awaiting each of the seven values cost a rebuild about 15% of its rate (an async state machine per value).
    /// Only large batches come here (rebuilds, catching up after an import), on a background runner, not a request.
    /// </remarks>
    private static async Task Copy(NpgsqlConnection conn, List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"copy {Table} ({Columns}) from stdin (format binary)", ct);
        foreach (var (e, storyId, line) in rows)
        {
            copy.StartRow();
            copy.Write(e.Tenant, NpgsqlDbType.Text);
            copy.Write(e.Sequence, NpgsqlDbType.Bigint);
            copy.Write(storyId, NpgsqlDbType.Uuid);
            copy.Write(e.StreamType, NpgsqlDbType.Text);
            copy.Write(line.Summary, NpgsqlDbType.Text);
            copy.Write(e.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            if (line.WorldAt is { } worldAt) copy.Write(worldAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            else copy.WriteNull();
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task InsertMissing(NpgsqlConnection conn, List<(StoredEvent Event, Guid StoryId, TimelineLine Line)> rows, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"insert into {Table} ({Columns}) " +
            "select * from unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[]) on conflict do nothing", conn);
        cmd.Column(rows.Select(r => r.Event.Tenant));
        cmd.Column(rows.Select(r => r.Event.Sequence));
        cmd.Column(rows.Select(r => r.StoryId));
        cmd.Column(rows.Select(r => r.Event.StreamType));
        cmd.Column(rows.Select(r => r.Line.Summary));
        cmd.Column(rows.Select(r => r.Event.RecordedAt.ToUniversalTime()));
        cmd.Column(rows.Select(r => r.Line.WorldAt?.ToUniversalTime()));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
