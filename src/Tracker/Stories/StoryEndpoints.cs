using Tracker.Claims;
using Tracker.Http;

namespace Tracker.Stories;

/// <summary>A story as listed: what it is, and how its claims stand.</summary>
public sealed record StoryListing(Guid Id, string Title, string Summary, bool IsClosed, DateTimeOffset OpenedAt, int Version,
    int Claims, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByRating);

/// <summary>A story now or as it stood, with its claims as they stood then.</summary>
public sealed record StoryView(Guid Id, string Title, string Summary, bool IsClosed, string? ClosingNote, DateTimeOffset OpenedAt,
    int Version, DateTimeOffset? AsOf, IReadOnlyList<ClaimView> Claims);

/// <summary>The story reads; the story's writes are <see cref="StoryWrites"/>, logging a claim in it <see cref="ClaimLogWrites"/>.</summary>
public static class StoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var stories = api.MapGroup("/stories").WithTags("Stories");

        stories.MapGet("", async (HttpContext http, StoryQueries queries) => Results.Ok(await queries.List(http.Actor().Newsroom, http.RequestAborted)))
            .Allow(Access.Anyone).WithSummary("The newsroom's stories with their claims counted by status and rating");

        stories.MapGet("/{id:guid}", Read).Allow(Access.Anyone).WithSummary("A story and its claims, now or as they stood (?asOf= or ?version=; ?clock=recorded|world reads asOf by the audit clock or the world's)");
    }

    private static async Task<IResult> Read(HttpContext http, Guid id, string? asOf, string? version, string? clock, StoryQueries queries)
    {
        var (point, problem) = PointInTime.Parse(asOf, version, clock);
        if (problem is not null) return problem;
        var story = await queries.Read(http.Actor().Newsroom, id, point, http.RequestAborted);
        if (story is null) return point.IsNow ? Problems.NotFound("story") : Problems.Problem(404, "not_found", "No such story in your newsroom at that moment.");
        Preconditions.SetETag(http, story.Version);
        return Results.Ok(story);
    }
}
