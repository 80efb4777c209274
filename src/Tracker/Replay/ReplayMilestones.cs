using System.Text.Json;
using Marten;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>
/// Every hundredth version of each claim and story, kept as it stood, so reading one as it stood (?asOf=, ?version=,
/// the diff) folds at most 99 events after the nearest milestone instead of its whole history: the ledger hands the
/// milestone to Marten's AggregateStreamAsync as the state to start from. Each milestone is what AggregateStreamAsync
/// itself answers at that version, folded by the daemon from the milestone before it. Like the inline snapshots it is
/// derived from the events with today's fold: after a change to a fold, `tracker rebuild replay_milestones` makes them
/// again.
/// </summary>
public sealed class ReplayMilestones : ISqlProjection
{
    public const string ProjectionName = "replay_milestones";

    /// <summary>Versions between milestones: the most a read folds past one. A claim's milestone is a few kilobytes.</summary>
    public const int Every = 100;

    public static readonly string Table = $"{TrackerStore.Schema}.replay_milestones";

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [Table];

    public IEnumerable<string> Schema()
    {
        yield return $"""
            create table if not exists {Table} (
                tenant_id text not null,
                stream_id uuid not null,
                version int not null,
                at timestamptz not null,
                snapshot jsonb not null,
                primary key (tenant_id, stream_id, version))
            """;
    }

    public async Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        // Milestones made in this batch are not committed yet: the next one of the same stream starts from them.
        var made = new Dictionary<(string, Guid), object>();
        foreach (var e in batch.Events.Where(e => e.Version % Every == 0))
        {
            if (e.StreamType == ClaimEventTypes.StreamType) await Mark<Claim>(batch, e, made, ct);
            else if (e.StreamType == StoryEventTypes.StreamType) await Mark<Story>(batch, e, made, ct);
        }
    }

    private static async Task Mark<T>(SqlProjectionBatch batch, StoredEvent e, Dictionary<(string, Guid), object> made, CancellationToken ct)
        where T : IEvolvingState<T>
    {
        var before = made.TryGetValue((e.Tenant, e.StreamId), out var earlier)
            ? (Aggregate<T>)earlier
            : await Latest<T>(new NpgsqlCommand(null, batch.Reads), e.Tenant, e.StreamId, e.Version - 1, null, ct);
        var events = batch.Writes.ForTenant(e.Tenant).Events;
        var then = await events.AggregateStreamAsync(e.StreamId, e.Version, null, before, before is null ? 0 : before.Version + 1, ct);
        // A stream always has its earlier versions; a fold that answers nothing here has nothing to keep.
        if (then is null || then.Version != e.Version) return;
        made[(e.Tenant, e.StreamId)] = then;
        // Kept under the latest time among the versions it holds, not its own: nodes' clocks may differ, so a version may
        // carry an earlier time than one before it, and Marten's fold as of a moment leaves out every event after that
        // moment, whatever its version. A read takes the milestone only when the fold from the first event would hold all of it.
        var settled = await events.QueryAllRawEvents().Where(x => x.StreamId == e.StreamId && x.Version <= e.Version).MaxAsync(x => x.Timestamp, ct);
        batch.Queue($"insert into {Table} (tenant_id, stream_id, version, at, snapshot) values (?, ?, ?, ?, ?::jsonb) on conflict do nothing",
            e.Tenant, e.StreamId, e.Version, settled.ToUniversalTime(), JsonSerializer.Serialize(then, StoreJson.Options));
    }

    /// <summary>The latest milestone of a stream at or before a version and a moment (either may be left open), or null.</summary>
    public static async Task<Aggregate<T>?> Latest<T>(NpgsqlCommand cmd, string tenant, Guid stream, int? version, DateTimeOffset? asOf,
        CancellationToken ct) where T : IEvolvingState<T>
    {
        await using var _ = cmd;
        cmd.CommandText = $"select snapshot::text from {Table} where tenant_id = $1 and stream_id = $2 " +
            "and ($3::int is null or version <= $3) and ($4::timestamptz is null or at <= $4) order by version desc limit 1";
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = stream });
        cmd.Parameters.Add(new() { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = (object?)asOf?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        return await cmd.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<Aggregate<T>>(json, StoreJson.Options) : null;
    }
}
