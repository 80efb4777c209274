using Tracker.Store;
using Npgsql;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>Replaying a story: its timeline, page by page, by either clock.</summary>
public static class TimelineEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/stories/{id:guid}/timeline", Read).Allow(Access.Anyone).WithTags("Replay")
            .WithSummary("Every event of the story and its claims (?from=&to=&clock=recorded|world&order=asc|desc&after=&limit=)");

    private static async Task<IResult> Read(HttpContext http, Guid id, string? from, string? to, string? clock, string? order,
        string? after, string? limit, Ledger store)
    {
        var (query, problem) = TimelineQuery.Parse(from, to, clock, order, after, limit);
        if (problem is not null) return problem;
        var tenant = http.Actor().Newsroom;
        if (await store.StreamType(tenant, id, http.RequestAborted) != StoryEventTypes.StreamType)
            return Problems.NotFound("story");
        var page = await query!.Read(store, tenant, id, http.RequestAborted);
        return page is null
            ? Problems.Problem(400, "unknown_cursor", "after names no entry of this story's timeline.", "after")
            : Results.Ok(page);
    }
}
