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

    public async Task Apply(NpgsqlConnection conn, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var stream in events.GroupBy(e => (e.Tenant, e.StreamId)))
        {
            var first = stream.First();
            var current = await Load(conn, first.Tenant, first.StreamId, ct);
            var state = current is null ? T.Initial : current.State;
            foreach (var e in stream) state = T.Evolve(state, e);
            var last = stream.Last();
            await using var upsert = new NpgsqlCommand(
                $"insert into {Table} (tenant_id, id, version, data, created, updated) values ($1, $2, $3, $4, $5, $5) " +
                "on conflict (tenant_id, id) do update set version = excluded.version, data = excluded.data, updated = excluded.updated", conn);
            upsert.Parameters.Add(new() { Value = first.Tenant });
            upsert.Parameters.Add(new() { Value = first.StreamId });
            upsert.Parameters.Add(new() { Value = last.Version });
            upsert.Parameters.Add(new() { Value = JsonSerializer.Serialize(state, json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            upsert.Parameters.Add(new() { Value = last.RecordedAt });
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The current state and version of one stream, or null when the tenant has no such stream.</summary>
    public async Task<Aggregate<T>?> Load(NpgsqlConnection conn, string tenant, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select version, data::text, created, updated from {Table} where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var state = JsonSerializer.Deserialize<T>(reader.GetString(1), json)!;
        return new Aggregate<T>(state, reader.GetInt32(0), "", reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task<Aggregate<T>?> Load(NpgsqlDataSource dataSource, string tenant, Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await Load(conn, tenant, id, ct);
    }
}
