using Npgsql;
using Tracker.Hosting;

namespace Tracker.Store;

/// <summary>How far each async projection is behind the events: the health endpoint's and the rebuild bar's figure.</summary>
public sealed record ProjectionLag(string Name, long LastSequence, long PendingEvents, TimeSpan? OldestPendingAge, DateTimeOffset? Updated);

public sealed partial class Ledger
{
    private const string S = TrackerStore.Schema;

    /// <summary>The highest event sequence Marten has handed out.</summary>
    public async Task<long> HighWaterMark(CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {S}.mt_events");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The sequence an async projection has applied up to (Marten's progression row; 0 before it has one).</summary>
    public async Task<long> ProjectionPosition(string projection, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand($"select coalesce(max(last_seq_id), 0) from {S}.mt_event_progression where name = $1 or name like $1 || ':%'");
        cmd.Parameters.Add(new() { Value = projection });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every async projection with the events it has yet to apply and how long the oldest of them has waited.</summary>
    public async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(CancellationToken ct = default)
    {
        var lags = new List<ProjectionLag>();
        var now = Clock.GetUtcNow();
        foreach (var name in projections.Select(p => p.Name))
        {
            await using var cmd = DataSource.CreateCommand(
                $"with p as (select coalesce(max(last_seq_id), 0) as seq, max(last_updated) as updated from {S}.mt_event_progression " +
                "where name = $1 or name like $1 || ':%') " +
                $"select p.seq, p.updated, count(e.seq_id), min(e.\"timestamp\") from p left join {S}.mt_events e on e.seq_id > p.seq group by p.seq, p.updated");
            cmd.Parameters.Add(new() { Value = name });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var oldest = reader.IsDBNull(3) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(3);
            lags.Add(new ProjectionLag(name, reader.GetInt64(0), reader.GetInt64(2), oldest is { } o ? now - o : null,
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return lags;
    }
}

public sealed partial class Ledger
{
    /// <summary>
    /// Sequence gaps Marten's high-water detection gave up waiting for (mt_high_water_skips). With Quick appends a stalled
    /// commit holds the mark rather than being skipped, so this stays 0; health reports it so it is seen if it ever is not.
    /// </summary>
    public async Task<long> SkippedEvents(CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand($"select case when to_regclass('{S}.mt_high_water_skips') is null then 0 else " +
            $"(select count(*) from {S}.mt_high_water_skips) end");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }
}
