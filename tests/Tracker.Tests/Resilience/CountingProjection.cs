using Npgsql;
using Tracker.EventStore;

namespace Tracker.Tests.Resilience;

/// <summary>A test-only async projection that writes down each event it is given, so a test can see the daemon catch up exactly once per event.</summary>
public sealed class CountingProjection(string name) : IAsyncProjection
{
    public string Name => name;

    public string Table => $"tracker.{name}";

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"create table if not exists {Table} (event_id uuid not null, seq bigint not null)", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Apply(NpgsqlConnection conn, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"insert into {Table} (event_id, seq) select * from unnest($1::uuid[], $2::bigint[])", conn);
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Id).ToArray() });
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Sequence).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"delete from {Table}", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
