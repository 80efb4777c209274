namespace Tracker.Hosting;

/// <summary>
/// GET /health: is the database reachable, how far behind is each async projection (Marten's progress rows), and which
/// gaps in the event sequence Marten's daemon went past. The reading is <see cref="HealthProbe"/>'s, shared by callers
/// who ask at the same time.
/// </summary>
public static class Health
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/health", async (HttpContext http, HealthProbe probe) =>
    {
        var reading = await probe.Read().WaitAsync(http.RequestAborted);
        if (reading.StatusCode == 503) http.Response.Headers.RetryAfter = "5";
        return Results.Json(reading.Body, statusCode: reading.StatusCode);
    }).AllowAnonymous().WithTags("Operations").WithSummary("Database reachability, projection lag and skipped sequence gaps");
}
