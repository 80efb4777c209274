using Npgsql;
using Tracker.EventStore;

namespace Tracker.Hosting;

/// <summary>GET /health: is the database reachable, and how far behind is each projection.</summary>
public static class Health
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/health", async (HttpContext http, PostgresEventStore store, ProjectionDaemon daemon) =>
    {
        try
        {
            var lags = await store.ProjectionLag(http.RequestAborted);
            return Results.Ok(new
            {
                status = "ok",
                database = new { reachable = true },
                projections = lags.Select(l => new
                {
                    name = l.Name,
                    role = daemon.Roles.TryGetValue(l.Name, out var role) ? role.ToString().ToLowerInvariant() : "not_running",
                    lastSequence = l.LastSequence,
                    pendingEvents = l.PendingEvents,
                    lagSeconds = l.OldestPendingAge is { } age ? Math.Round(age.TotalSeconds, 3) : 0,
                }),
            });
        }
        catch (NpgsqlException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(new { status = "unavailable", database = new { reachable = false } }, statusCode: 503);
        }
    }).AllowAnonymous().WithTags("Operations").WithSummary("Database reachability and projection lag");
}
