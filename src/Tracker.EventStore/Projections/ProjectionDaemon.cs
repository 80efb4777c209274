using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tracker.EventStore;

public enum ProjectionRole { Starting, Running, Standby, Retrying, Stopped }

/// <summary>
/// Runs every async projection. Each projection runs on exactly one node: the node holding its
/// PostgreSQL advisory lock. The others stand by and take over when that node's session ends.
/// </summary>
public sealed class ProjectionDaemon(PostgresEventStore store, ILogger<ProjectionDaemon> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ProjectionRole> roles = new();

    /// <summary>How long a standby waits between attempts to take a projection over.</summary>
    public TimeSpan StandbyPoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an idle runner looks for other nodes' commits; this node's own commits wake it at once.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a runner woken by a commit lets further commits gather before reading them. Under sustained writes a
    /// batch per commit costs the database about as much as the writes themselves; a little lag buys batches of many
    /// events instead. A runner that has just caught up waits as long again before it reads. At 150 ms rather than 50,
    /// a claim's few quick edits mostly share a batch (CPU per HTTP write 2.06 to 1.67 ms back to back; lag p99 about 210 ms).
    /// </summary>
    public TimeSpan Gather { get; init; } = TimeSpan.FromMilliseconds(150);

    public IReadOnlyDictionary<string, ProjectionRole> Roles => roles;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(store.Options.AsyncProjections.Select(p => Run(new ProjectionRunner(store, p), stoppingToken)));

    private async Task Run(ProjectionRunner runner, CancellationToken ct)
    {
        var name = runner.Projection.Name;
        roles[name] = ProjectionRole.Starting;
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await store.DataSource.OpenConnectionAsync(ct);
                if (!await TryLock(conn, name, ct))
                {
                    roles[name] = ProjectionRole.Standby;
                    await Task.Delay(StandbyPoll, ct);
                    continue;
                }
                roles[name] = ProjectionRole.Running;
                logger.LogInformation("Projection {Projection} is running on this node", name);
                backoff = TimeSpan.FromMilliseconds(250);
                while (!ct.IsCancellationRequested)
                {
                    var localCommit = store.NextCommit();
                    var applied = await runner.RunBatch(conn, ct);
                    // A full batch means more is waiting: go on at once. Otherwise it is caught up: wait for a commit,
                    // then let more gather, so a busy node projects in batches rather than a few events at a time.
                    if (applied == runner.BatchSize) continue;
                    if (applied == 0) await Task.WhenAny(localCommit, Task.Delay(IdlePoll, ct));
                    await Task.Delay(Gather, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database went away or a batch failed: the lock went with the session; retry with backoff.
                roles[name] = ProjectionRole.Retrying;
                logger.LogWarning(e, "Projection {Projection} stopped; retrying in {Backoff}", name, backoff);
                try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5000));
            }
        }
        roles[name] = ProjectionRole.Stopped;
    }

    private async Task<bool> TryLock(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_try_advisory_lock(hashtextextended($1, 0))", conn);
        cmd.Parameters.Add(new() { Value = $"tracker-projection:{store.Options.Schema}:{name}" });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
