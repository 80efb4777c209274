using System.Text.Json;
using Tracker.Http;
using Tracker.Store;
using Tracker.Verdicts;

namespace Tracker.Claims;

/// <summary>A page of the newsroom's claims, newest first, with the total that matched.</summary>
public sealed record ClaimListPage(int Total, int Page, int PageSize, IReadOnlyList<ClaimView> Claims);

/// <summary>
/// GET /api/claims: the newsroom's claims filtered by story, status, published rating, assignee ("me" for one's own) and
/// tag, paged. Read from the inline snapshots. Word search (q) is not built yet.
/// </summary>
public static class ClaimList
{
    public const int MaxPageSize = 200;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/claims", List).Allow(Access.Anyone).WithTags("Claims")
            .WithSummary("The newsroom's claims: ?story=&status=&rating=&assignee=(id|me)&tag=&page=&pageSize=");

    private static async Task<IResult> List(HttpContext http, Ledger ledger, string? story, string? status, string? rating, string? assignee,
        string? tag, string? page, string? pageSize)
    {
        var me = http.Actor();
        if (story is not null && !Guid.TryParse(story, out _)) return Problems.Problem(400, "invalid_format", "story must be a story id.", "story");
        ClaimStatus? wantedStatus = null;
        if (status is not null)
        {
            try { wantedStatus = JsonSerializer.Deserialize<ClaimStatus>(JsonSerializer.Serialize(status), EventStore.StoreJson.Options); }
            catch (JsonException) { return Problems.Problem(400, "not_a_status", "status is one of unrated, under_review, rated, archived.", "status"); }
        }
        if (rating is not null && RatingScale.Default.Find(rating) is null) return Problems.Problem(400, "not_on_scale", "rating is not on the newsroom's scale.", "rating");
        Guid? wantedAssignee = assignee switch
        {
            null => null,
            "me" => me.AccountId,
            _ when Guid.TryParse(assignee, out var id) => id,
            _ => Guid.Empty,
        };
        if (wantedAssignee == Guid.Empty) return Problems.Problem(400, "invalid_format", "assignee is an account id or 'me'.", "assignee");
        if (!int.TryParse(page ?? "1", out var p) || p < 1) return Problems.Problem(400, "invalid_format", "page is a whole number from 1.", "page");
        if (!int.TryParse(pageSize ?? "50", out var size) || size is < 1 or > MaxPageSize)
            return Problems.Problem(400, "out_of_range", $"pageSize is a whole number from 1 to {MaxPageSize}.", "pageSize");

        var matching = (await ledger.All<Claim>(me.Newsroom, http.RequestAborted))
            .Where(c => story is null || c.State.StoryId == Guid.Parse(story))
            .Where(c => wantedStatus is null || c.State.Status == wantedStatus)
            .Where(c => rating is null || c.State.PublishedVerdict?.Rating == rating)
            .Where(c => wantedAssignee is null || c.State.AssigneeId == wantedAssignee)
            .Where(c => tag is null || c.State.Tags.Contains(tag.Trim().ToLowerInvariant()))
            .OrderByDescending(c => c.Updated).ThenBy(c => c.Id)
            .ToList();
        return Results.Ok(new ClaimListPage(matching.Count, p, size,
            matching.Skip((p - 1) * size).Take(size).Select(c => ClaimView.From(c.State, c.Version)).ToList()));
    }
}
