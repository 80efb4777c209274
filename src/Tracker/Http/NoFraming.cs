namespace Tracker.Http;

/// <summary>
/// Every response, the API docs and error pages included, says it may not be framed (clickjacking) and must not be
/// sniffed into another content type. Set when the response starts, so the error handler's Clear() cannot drop them.
/// Workbench pages add their own Content-Security-Policy (WebAccess.SecurityHeaders).
/// </summary>
public static class NoFraming
{
    public static IApplicationBuilder UseNoFraming(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
