using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Stories;

public sealed record LogClaimRequest(string Text, DateTimeOffset? ClaimedAt = null, AddAttributionRequest? Attribution = null);

/// <summary>A story as listed: what it is, and how its claims stand.</summary>
public sealed record StoryListing(Guid Id, string Title, string Summary, bool IsClosed, DateTimeOffset OpenedAt, int Version,
    int Claims, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByRating);

/// <summary>A story now or as it stood, with its claims as they stood then.</summary>
public sealed record StoryView(Guid Id, string Title, string Summary, bool IsClosed, string? ClosingNote, DateTimeOffset OpenedAt,
    int Version, DateTimeOffset? AsOf, IReadOnlyList<ClaimView> Claims);

/// <summary>The story reads, and logging a claim in a story; the story's own writes are <see cref="StoryWrites"/>.</summary>
public static class StoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var stories = api.MapGroup("/stories").WithTags("Stories");

        stories.MapGet("", async (HttpContext http, StoryQueries queries) => Results.Ok(await queries.List(http.Actor().Newsroom, http.RequestAborted)))
            .Allow(Access.Anyone).WithSummary("The newsroom's stories with their claims counted by status and rating");

        stories.MapGet("/{id:guid}", Read).Allow(Access.Anyone).WithSummary("A story and its claims, now or as they stood (?asOf= or ?version=; ?clock=recorded|world reads asOf by the audit clock or the world's)");

        stories.MapPost("/{id:guid}/claims", (HttpContext http, Guid id, LogClaimRequest body, ClaimCommands claims) =>
        {
            var claimId = Guid.CreateVersion7();
            var first = body.Attribution is { } a ? new AddAttribution(Guid.CreateVersion7(), a.SourceId, a.Role, a.Quote, a.Url, a.Via) : null;
            return Write.Run(http,
                (context, _) => claims.Log(context, new LogClaim(claimId, id, body.Text, body.ClaimedAt), first, http.RequestAborted),
                r => new Reply(201, new { id = claimId, storyId = id, attributionId = first?.AttributionId, version = r[0].Version }, $"/api/claims/{claimId}"));
        }).Allow(Access.Reporters).WithSummary("Log a claim in the story, optionally with its first attribution");
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
