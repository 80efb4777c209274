using Tracker.Store;
using Npgsql;
using Tracker.Http;

namespace Tracker.Exports;

/// <summary>
/// The three exports over HTTP, for auditors and editors of the caller's newsroom. Query values are checked
/// before the first byte goes out, so a bad one is still a problem response; after that the body streams. A HEAD gets
/// the checks and the headers, and no export is read: GET streams without a length, so HEAD has none to give.
/// </summary>
public static class ExportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var export = api.MapGroup("/export").WithTags("Exports");

        export.MapGet("/events.ndjson", (HttpContext http, string? story, string? from, string? to, string? afterSeq) =>
            Download(http, story, from, to, afterSeq, EventsNdjson.ContentType, "events.ndjson",
                (filter, body, ct) => EventsNdjson.Write(http.NewsroomDatabase(), filter, body, ct: ct)))
            .Allow(Access.Auditors).Produces(200, contentType: EventsNdjson.ContentType)
            .WithSummary("Every event with its hash-chain fields, one per line; ?story=&from=&to=&afterSeq= (resume after that seq)");

        export.MapGet("/claims.csv", (HttpContext http, string? story) =>
            Download(http, story, null, null, null, ClaimsCsv.ContentType, "claims.csv",
                (filter, body, ct) => ClaimsCsv.Write(http.NewsroomDatabase(), filter, body, ct: ct)))
            .Allow(Access.Auditors).Produces(200, contentType: ClaimsCsv.ContentType)
            .WithSummary("One row per claim: text, status, rating, who proposed and approved it, dates, sources; ?story=");

        export.MapGet("/claimreview.json", (HttpContext http, string? story) =>
            Download(http, story, null, null, null, ClaimReviewJson.ContentType, "claimreview.json", async (filter, body, ct) =>
            {
                var publisher = await Publisher.Of(http.RequestServices, filter.Newsroom, ct);
                return await ClaimReviewJson.Write(http.NewsroomDatabase(), filter, publisher, body, ct: ct);
            }))
            .Allow(Access.Auditors).Produces(200, contentType: ClaimReviewJson.ContentType)
            .WithSummary("schema.org ClaimReview JSON-LD for every published verdict; ?story=");

        export.MapGet("/checkpoints.jsonl", (HttpContext http) => Checkpoints(http, "checkpoints.jsonl"))
            .Allow(Access.Auditors).Produces(200, contentType: Audit.Checkpoints.CheckpointsJsonl.ContentType)
            .WithSummary("Every signed checkpoint of the newsroom with its stream heads, oldest first (the latest is the last line)");
    }

    internal static IResult Checkpoints(HttpContext http, string fileName) =>
        Results.Stream(body => http.IsHead() ? Task.CompletedTask
                : Audit.Checkpoints.CheckpointsJsonl.Write(http.NewsroomDatabase(), http.Actor().Newsroom, body, http.RequestAborted),
            Audit.Checkpoints.CheckpointsJsonl.ContentType, fileName);

    internal static async Task<IResult> Download(HttpContext http, string? story, string? from, string? to, string? afterSeq,
        string contentType, string fileName, Func<ExportFilter, Stream, CancellationToken, Task<long>> write)
    {
        var (filter, problem) = ExportFilter.Parse(http.Actor().Newsroom, story, from, to, afterSeq);
        problem ??= await filter!.CheckStory(http.RequestServices.GetRequiredService<Ledger>(), http.RequestAborted);
        if (problem is not null) return Problems.Problem(problem.Status, problem.Rule, problem.Message, problem.Parameter);
        return Results.Stream(body => http.IsHead() ? Task.CompletedTask : write(filter!, body, http.RequestAborted), contentType, fileName);
    }
}
