using Npgsql;
using Tracker.Audit.Checkpoints;
using Tracker.Exports;
using Tracker.Http;

namespace Tracker.Web;

/// <summary>
/// The exports for a signed-in browser: the API's routes take only tokens, so the workbench serves the same files,
/// written by the same export code, to auditors and editors holding the cookie; with them the signed checkpoints and the
/// public key that checks them, so one page gives everything docs/audit-verify.py needs.
/// </summary>
public static class ExportPages
{
    /// <summary>The ledger and the signed checkpoints with the key to check them come first: together they are the audit bundle.</summary>
    public static readonly string[] Files = ["events.ndjson", "checkpoints.jsonl", "checkpoint-key.pem", "claims.csv", "claimreview.json"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/exports/{file}", (HttpContext http, string file, string? story) => file switch
        {
            "checkpoints.jsonl" => Task.FromResult(ExportEndpoints.Checkpoints(http, file)),
            "checkpoint-key.pem" => Task.FromResult(PublicKey(http, file)),
            "events.ndjson" => ExportEndpoints.Download(http, story, null, null, null, EventsNdjson.ContentType, file,
                (filter, body, ct) => EventsNdjson.Write(http.NewsroomDatabase(), filter, body, ct: ct)),
            "claims.csv" => ExportEndpoints.Download(http, story, null, null, null, ClaimsCsv.ContentType, file,
                (filter, body, ct) => ClaimsCsv.Write(http.NewsroomDatabase(), filter, body, ct: ct)),
            "claimreview.json" => ExportEndpoints.Download(http, story, null, null, null, ClaimReviewJson.ContentType, file,
                async (filter, body, ct) => await ClaimReviewJson.Write(http.NewsroomDatabase(), filter, await Publisher.Of(http.RequestServices, filter.Newsroom, ct), body, ct: ct)),
            _ => Task.FromResult(PageResults.NotFound(http, "export")),
        }).Page(Access.Auditors);

    private static IResult PublicKey(HttpContext http, string file)
    {
        using var key = http.RequestServices.GetRequiredService<SigningKeys>().GetOrCreate(http.Actor().Newsroom);
        return Results.File(System.Text.Encoding.ASCII.GetBytes(key.PublicPem), "application/x-pem-file", file);
    }
}
