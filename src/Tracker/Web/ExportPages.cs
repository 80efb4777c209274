using Npgsql;
using Tracker.Exports;
using Tracker.Http;

namespace Tracker.Web;

/// <summary>
/// The three exports for a signed-in browser: the API's routes take only tokens, so the workbench serves the same
/// files, written by the same export code, to auditors and editors holding the cookie.
/// </summary>
public static class ExportPages
{
    public static readonly string[] Files = ["events.ndjson", "claims.csv", "claimreview.json"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/exports/{file}", (HttpContext http, string file, string? story, NpgsqlDataSource db) => file switch
        {
            "events.ndjson" => ExportEndpoints.Download(http, db, story, null, null, null, EventsNdjson.ContentType, file,
                (filter, body, ct) => EventsNdjson.Write(db, filter, body, ct: ct)),
            "claims.csv" => ExportEndpoints.Download(http, db, story, null, null, null, ClaimsCsv.ContentType, file,
                (filter, body, ct) => ClaimsCsv.Write(db, filter, body, ct: ct)),
            "claimreview.json" => ExportEndpoints.Download(http, db, story, null, null, null, ClaimReviewJson.ContentType, file,
                async (filter, body, ct) => await ClaimReviewJson.Write(db, filter, await Publisher.Of(http.RequestServices, filter.Newsroom, ct), body, ct: ct)),
            _ => Task.FromResult(PageResults.NotFound(http, "export")),
        }).Page(Access.Auditors);
}
