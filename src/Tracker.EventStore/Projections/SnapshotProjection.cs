using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Tracker.EventStore;

/// <summary>
/// Marten's inline snapshot: the folded state of every stream of one type, kept as a jsonb document in
/// the append transaction, so reading current state never replays the stream.
/// </summary>
public sealed class SnapshotProjection<T>(string schema, string table, string streamType, JsonSerializerOptions? json = null)
    : IInlineProjection where T : IEvolvingState<T>
{
    private readonly JsonSerializerOptions json = json ?? StoreJson.Options;

    public string Table { get; } = $"{schema}.{table}";

    public bool Handles(string type) => type == streamType;

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            create table if not exists {Table} (
                tenant_id text not null,
                id uuid not null,
                version int not null,
                data jsonb not null,
                created timestamptz not null,
                updated timestamptz not null,
                primary key (tenant_id, id))
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var stream in events.GroupBy(e => (e.Tenant, e.StreamId)))
        {
            var first = stream.First();
            var state = await StateBefore(write, first, ct);
            foreach (var e in stream) state = T.Evolve(state, e);
            var last = stream.Last();
            write.Folded(first.StreamId, state);
            write.Add(new NpgsqlBatchCommand(
                $"insert into {Table} (tenant_id, id, version, data, created, updated) values ($1, $2, $3, $4, $5, $5) " +
                "on conflict (tenant_id, id) do update set version = excluded.version, data = excluded.data, updated = excluded.updated")
            {
                Parameters =
                {
                    new() { Value = first.Tenant },
                    new() { Value = first.StreamId },
                    new() { Value = last.Version },
                    new() { Value = JsonSerializer.Serialize(state, json), NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new() { Value = last.RecordedAt },
                },
            });
        }
    }

    /// <summary>
    /// The state just before <paramref name="first"/>: the writer's own, else the snapshot, else (a snapshot missing
    /// or behind, as when this read model is newer than the stream) the stream folded up to there. Events up to that
    /// version never change, and the append fails whole if the stream moved past it, so no lock is needed.
    /// </summary>
    private async Task<T> StateBefore(InlineWrite write, StoredEvent first, CancellationToken ct)
    {
        var before = first.Version - 1;
        if (before == 0) return T.Initial;
        if (write.KnownState(first.StreamId, before) is T known) return known;
        if (await Load(write.Connection, first.Tenant, first.StreamId, ct) is { } snapshot && snapshot.Version == before) return snapshot.State;
        var events = await write.Store.ReadStream(write.Connection, first.Tenant, first.StreamId, toVersion: before, ct: ct);
        return events.Count == 0 ? T.Initial : PostgresEventStore.Fold<T>(events)!.State;
    }

    /// <summary>The current state and version of one stream, or null when the tenant has no such stream.</summary>
    public async Task<Aggregate<T>?> Load(NpgsqlConnection conn, string tenant, Guid id, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn) { BatchCommands = { LoadCommand(tenant, id) } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadLoaded(reader, ct);
    }

    /// <summary>
    /// The snapshot with the stream head it stands at, as a command in a batch; no row when there is none or it is not
    /// at the head (a read model newer than the stream), so the caller folds the stream instead.
    /// </summary>
    internal NpgsqlBatchCommand WithHeadCommand(string streams, string tenant, Guid id) =>
        PostgresEventStore.Command(
            $"select s.version, s.data::text, h.last_hash, h.created, h.\"timestamp\" from {Table} s " +
            $"join {streams} h on h.tenant_id = s.tenant_id and h.id = s.id and h.version = s.version where s.tenant_id = $1 and s.id = $2",
            tenant, id);

    internal async Task<Aggregate<T>?> ReadWithHead(NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct)
            ? new Aggregate<T>(JsonSerializer.Deserialize<T>(reader.GetString(1), json)!, reader.GetInt32(0),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;

    /// <summary>The current state, as a command in a batch: for reading what a decision needs in the round trip that fetches its stream.</summary>
    public NpgsqlBatchCommand LoadCommand(string tenant, Guid id) =>
        PostgresEventStore.Command($"select version, data::text, created, updated from {Table} where tenant_id = $1 and id = $2", tenant, id);

    public async Task<Aggregate<T>?> ReadLoaded(NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct)
            ? new Aggregate<T>(JsonSerializer.Deserialize<T>(reader.GetString(1), json)!, reader.GetInt32(0), "",
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;

    public async Task<Aggregate<T>?> Load(NpgsqlDataSource dataSource, string tenant, Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await Load(conn, tenant, id, ct);
    }
}
