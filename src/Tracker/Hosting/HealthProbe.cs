using JasperFx.Events.Daemon;
using Npgsql;
using Tracker.Store;

namespace Tracker.Hosting;

/// <summary>What one probe of the databases found: the status code and the document /health answers with.</summary>
public sealed record HealthReading(int StatusCode, object Body);

/// <summary>
/// The databases read for /health, one probe at a time per node. /health is anonymous and a probe is about a dozen
/// queries per database, so callers who arrive while a probe runs share the next one instead of each starting their own:
/// however many ask, the node runs at most one probe and has one more queued. The next one starts after they asked,
/// so no caller is answered with figures read before its request.
/// </summary>
public sealed class HealthProbe(Ledger ledger, IServiceProvider services, ILoggerFactory logs, IHostApplicationLifetime lifetime)
{
    private readonly Lock gate = new();
    private Task<HealthReading>? running;
    private Task<HealthReading>? queued;
    private long probes;

    /// <summary>The newsrooms whose databases did not answer at the last probe ("" when all did).</summary>
    private string lastUnreachable = "";

    /// <summary>Probes run since the node started (what the coalescing saves is visible against the requests served).</summary>
    public long Probes => Interlocked.Read(ref probes);

    /// <summary>A reading taken after this call: the queued probe when one is running, a new one otherwise.</summary>
    public Task<HealthReading> Read()
    {
        lock (gate)
        {
            if (running is null) return running = Run(after: null);
            return queued ??= Run(after: running);
        }
    }

    private async Task<HealthReading> Run(Task? after)
    {
        // The probe belongs to every caller sharing it: one caller going away must not cancel it for the others.
        if (after is not null) await after.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        else await Task.Yield();
        try
        {
            Interlocked.Increment(ref probes);
            return await Probe(lifetime.ApplicationStopping);
        }
        finally
        {
            lock (gate)
            {
                running = queued;
                queued = null;
            }
        }
    }

    private async Task<HealthReading> Probe(CancellationToken ct)
    {
        try
        {
            // A newsroom placed in a database of its own that does not answer leaves the node serving every other one: the
            // answer stays 200, "degraded", so a load balancer keeps the node; which newsrooms go in the log, not to
            // anonymous callers.
            var unreachable = new List<Ledger.UnreachableDatabase>();
            var lags = await ledger.ProjectionLag(ct, unreachable);
            var running = RunningHere();
            var (gaps, lastSkip) = await ledger.SkippedGaps(ct, unreachable);
            NoteUnreachable(unreachable);
            return new(200, new
            {
                status = unreachable.Count == 0 ? "ok" : "degraded",
                database = new { reachable = true },
                placedDatabasesUnreachable = unreachable.Count == 0 ? (int?)null : unreachable.Count,
                projections = lags.Select(l => new
                {
                    name = l.Name,
                    // HotCold: one node runs each projection; the others stand by to take over.
                    role = running.Contains(l.Name) ? "running" : "standby",
                    lastSequence = l.LastSequence,
                    pendingEvents = l.PendingEvents,
                    lagSeconds = l.OldestPendingAge is { } age ? Math.Round(Math.Max(0, age.TotalSeconds), 3) : 0,
                }).ToList(),
                // Gaps in the event sequence the daemon went past, a running total (Ledger.SkippedGaps): to look at, not an error.
                skippedGaps = gaps,
                lastSkipAt = lastSkip,
            });
        }
        catch (NpgsqlException)
        {
            return new(503, new { status = "unavailable", database = new { reachable = false } });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The node is stopping: a load balancer should stop sending it requests, not see an error.
            return new(503, new { status = "stopping" });
        }
    }

    /// <summary>Said when it changes, not on every probe of every load balancer.</summary>
    private void NoteUnreachable(List<Ledger.UnreachableDatabase> unreachable)
    {
        var now = string.Join("; ", unreachable.Select(u => string.Join(", ", u.Newsrooms)));
        if (Interlocked.Exchange(ref lastUnreachable, now) == now) return;
        var logger = logs.CreateLogger("Tracker.Health");
        foreach (var down in unreachable)
            logger.LogWarning("The database of newsroom(s) {Newsrooms} does not answer: {Problem}", string.Join(", ", down.Newsrooms), down.Problem);
        if (unreachable.Count == 0) logger.LogWarning("Every newsroom's database answers again.");
    }

    /// <summary>The projections this node's daemon runs now (none when it is not the leader, or in a CLI host).</summary>
    private HashSet<string> RunningHere()
    {
        var daemon = services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase();
        return daemon is null ? [] : daemon.CurrentAgents().Select(a => a.Name.Name).ToHashSet();
    }
}
