using Npgsql;
using Tracker.EventStore;

namespace Tracker.Testing;

/// <summary>An async projection that writes down every event id it is given, so a test can count each exactly once.</summary>
public sealed class SeenEvents(string name = "seen_events") : IAsyncProjection
{
    public string Name => name;
    public string Table => $"tracker.{name}";

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"create table if not exists {Table} (event_id uuid not null, seq bigint not null, seen_by text not null default '')", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
    {
        var events = batch.Events;
        await using var cmd = new NpgsqlCommand($"insert into {Table} (event_id, seq, seen_by) select * from unnest($1::uuid[], $2::bigint[], $3::text[])", conn);
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Id).ToArray() });
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Sequence).ToArray() });
        cmd.Parameters.Add(new() { Value = events.Select(_ => Node).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public string Node { get; init; } = "";

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"delete from {Table}", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
