using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Tracker.EventStore;

namespace Tracker.Http;

/// <summary>
/// The last line: whatever a request throws becomes a problem response. Bad input is a 4xx naming the
/// field; a database that is down is a 503 with Retry-After; only a genuine bug is a 500, and it is logged.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseTrackerErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            http.Response.Clear();
            // A Wolverine write commits after its endpoint returned, so a unique key lost to a concurrent write (the same
            // Idempotency-Key sent twice at once) surfaces here, not in Write.Run: it is answered the same way.
            var result = Write.UniqueViolation(e) && http.Request.Path.StartsWithSegments("/api") && http.User.Identity?.IsAuthenticated == true
                ? await Write.Raced(http)
                : ToProblem(http, e);
            // A person at a workbench page (a mistyped ?page=, a form sent with a stale token) reads a page, not a JSON document.
            if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem && IsPage(http))
            {
                Web.WebAccess.SecurityHeaders(http.Response);
                result = Web.PageResults.Message(http, problem.StatusCode, Problems.TitleFor(problem.StatusCode),
                    $"{problem.ProblemDetails.Detail} Go back to the page and try again.");
            }
            await result.ExecuteAsync(http);
        }
    });

    /// <summary>A browser asking for a workbench address; "/api/x/%2e%2e/y" was asked of the API, though normalised outside it.</summary>
    public static bool IsPage(HttpContext http)
    {
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        return !http.Request.Path.StartsWithSegments("/api") && !raw.StartsWith("/api", StringComparison.OrdinalIgnoreCase)
            && Web.WebAccess.IsBrowser(http.Request);
    }

    private static IResult ToProblem(HttpContext http, Exception e)
    {
        switch (e)
        {
            case BadHttpRequestException bad when Inner<JsonException>(bad) is { } json:
                var (field, rule, detail) = JsonErrors.Describe(json);
                return Problems.Problem(400, rule, detail, field);
            // The framework's binding failures name .NET types and the handler's parameters: say the field and the rule instead.
            case BadHttpRequestException { StatusCode: 400 } bad when BindingErrors.Describe(http, bad.Message) is { } binding:
                return Problems.Problem(400, binding.Rule, binding.Detail, binding.Field);
            case BadHttpRequestException bad:
                return Problems.Problem(bad.StatusCode, bad.StatusCode switch
                {
                    413 => "body_too_large",
                    415 => "json_required",
                    _ => "malformed_request",
                }, bad.StatusCode == 413 ? $"The body is larger than {BodyLimit.MaxBytes / 1024} KiB." : Sanitize(bad.Message));
            // The framework throws this, not a BadHttpRequestException, for a JSON body in a charset it does not know.
            case InvalidOperationException when e.InnerException is ArgumentException
                && MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.Charset.HasValue:
                return Problems.Problem(415, "json_required", "Send JSON encoded as UTF-8.");
            // A form the framework cannot read (a NUL in a value, too many fields), found while checking its antiforgery token or binding it.
            case Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException or InvalidDataException when http.Request.HasFormContentType:
                return Problems.Problem(400, "malformed_form", "The form could not be read; reload the page and send it again.");
            case JsonException json:
                var described = JsonErrors.Describe(json);
                return Problems.Problem(400, described.Rule, described.Detail, described.Field);
            // An exclusive fetch for writing (the Wolverine endpoints') that could not take the stream's lock, or a stream a
            // Wolverine endpoint staged at the version it read that moved before the commit (the other claim of a link).
            case ConcurrencyException or Marten.Exceptions.StreamLockedException:
            case var _ when Store.Ledger.Conflict(e) is not null:
                return Problems.Problem(409, "concurrent_write", "Someone else changed this at the same moment; reload and try again.");
            case StreamArchivedException:
                return Problems.Problem(409, "archived", "This record is archived and takes no more changes.");
            // The operator must fix the key file; the client may retry once they have. Logged, since nobody else will see it.
            case Audit.Checkpoints.SigningKeyUnusableException key:
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tracker.Errors").LogError(key, "Checkpoint signing key unusable");
                return Problems.Problem(503, "signing_key_unusable", "The newsroom's signing key cannot be used; the operator has been told in the log.");
            // Marten wraps the driver's error in its own (MartenCommandException and kin).
            case var _ when (e as NpgsqlException ?? Inner<NpgsqlException>(e)) is { } db && IsUnavailable(db):
                http.Response.Headers.RetryAfter = "5";
                return Problems.Problem(503, "database_unavailable", "The database is unavailable; retry shortly.");
            default:
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tracker.Errors")
                    .LogError(e, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
                return Problems.Problem(500, "internal", "Something went wrong on our side; it has been logged.");
        }
    }

    /// <summary>Connection failures and server shutdowns: the request may succeed on retry.</summary>
    public static bool IsUnavailable(NpgsqlException e) =>
        e is not PostgresException pg || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState == "53300";

    private static T? Inner<T>(Exception e) where T : Exception
    {
        for (var current = e.InnerException; current is not null; current = current.InnerException)
            if (current is T found) return found;
        return null;
    }

    // Framework messages can name CLR types and parameters; keep the first sentence only.
    private static string Sanitize(string message) => message.Split(". ")[0].TrimEnd('.') + ".";
}
