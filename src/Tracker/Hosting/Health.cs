using JasperFx.Events.Daemon;
using Npgsql;
using Tracker.Store;

namespace Tracker.Hosting;

/// <summary>
/// GET /health: is the database reachable, how far behind is each async projection (Marten's progress rows), and which
/// gaps in the event sequence Marten's daemon went past.
/// </summary>
public static class Health
{
    /// <summary>The newsrooms whose databases did not answer at the last probe ("" when all did).</summary>
    private static string lastUnreachable = "";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/health", async (HttpContext http, Ledger ledger, IServiceProvider services,
        ILoggerFactory logs) =>
    {
        try
        {
            // A newsroom placed in a database of its own that does not answer leaves the node serving every other one: the
            // answer stays 200, "degraded", so a load balancer keeps the node; which newsrooms go in the log, not to
            // anonymous callers.
            var unreachable = new List<Ledger.UnreachableDatabase>();
            var lags = await ledger.ProjectionLag(http.RequestAborted, unreachable);
            var running = RunningHere(services);
            var (gaps, lastSkip) = await ledger.SkippedGaps(http.RequestAborted, unreachable);
            // Said when it changes, not on every probe of every load balancer.
            var now = string.Join("; ", unreachable.Select(u => string.Join(", ", u.Newsrooms)));
            if (Interlocked.Exchange(ref lastUnreachable, now) != now)
            {
                var logger = logs.CreateLogger("Tracker.Health");
                foreach (var down in unreachable)
                    logger.LogWarning("The database of newsroom(s) {Newsrooms} does not answer: {Problem}", string.Join(", ", down.Newsrooms), down.Problem);
                if (unreachable.Count == 0) logger.LogWarning("Every newsroom's database answers again.");
            }
            return Results.Ok(new
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
                }),
                // Gaps in the event sequence the daemon went past, a running total (Ledger.SkippedGaps): to look at, not an error.
                skippedGaps = gaps,
                lastSkipAt = lastSkip,
            });
        }
        catch (NpgsqlException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(new { status = "unavailable", database = new { reachable = false } }, statusCode: 503);
        }
    }).AllowAnonymous().WithTags("Operations").WithSummary("Database reachability, projection lag and skipped sequence gaps");

    /// <summary>The projections this node's daemon runs now (none when it is not the leader, or in a CLI host).</summary>
    private static HashSet<string> RunningHere(IServiceProvider services)
    {
        var daemon = services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase();
        return daemon is null ? [] : daemon.CurrentAgents().Select(a => a.Name.Name).ToHashSet();
    }
}
