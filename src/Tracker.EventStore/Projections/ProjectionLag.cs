using Npgsql;

namespace Tracker.EventStore;

public sealed record ProjectionLag(string Name, long LastSequence, long PendingEvents, TimeSpan? OldestPendingAge, DateTimeOffset Updated);

public sealed partial class PostgresEventStore
{
    /// <summary>How far each async projection is behind the events: the health endpoint's figure.</summary>
    public async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(CancellationToken ct = default)
    {
        var lags = new List<ProjectionLag>();
        await using var cmd = DataSource.CreateCommand(
            $"select p.name, p.last_seq, p.updated, pending.n, pending.oldest from {Options.Q("projection_progress")} p " +
            $"cross join lateral (select count(*) as n, min(e.\"timestamp\") as oldest from {Options.Q("events")} e " +
            "where (e.tx_id, e.seq_id) > (p.last_tx, p.last_seq)) pending order by p.name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var now = Clock.GetUtcNow();
        while (await reader.ReadAsync(ct))
        {
            var oldest = reader.IsDBNull(4) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(4);
            lags.Add(new ProjectionLag(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(3),
                oldest is { } o ? now - o : null, reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return lags;
    }
}
