using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Tracker.Http;
using Tracker.Store;
using Tracker.Verdicts;

namespace Tracker.Claims;

/// <summary>A page of the newsroom's claims, newest first, with the total that matched.</summary>
public sealed record ClaimListPage(int Total, int Page, int PageSize, IReadOnlyList<ClaimView> Claims);

/// <summary>GET /api/claims's parameters, as sent: <see cref="ClaimList.Find"/> checks them.</summary>
/// <remarks>Named as clients send them (docs/api.md): binding ignores case, but the OpenAPI document would say "Q", "PageSize".</remarks>
public sealed record ClaimListRequest(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "story")] string? Story,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "rating")] string? Rating,
    [FromQuery(Name = "source")] string? Source,
    [FromQuery(Name = "assignee")] string? Assignee,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "pageSize")] string? PageSize);

/// <summary>
/// GET /api/claims: the newsroom's claims matching words (q) and filtered by story, status, published rating, attributed
/// source, assignee ("me" for one's own) and tag, ranked or sorted, paged. The matching runs in PostgreSQL on the search
/// read model (Search/ClaimSearch); the claims themselves are served from the inline snapshots.
/// </summary>
public static class ClaimList
{
    public const int MaxPageSize = 200;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/claims", List).Allow(Access.Anyone).WithTags("Claims")
            .WithSummary("The newsroom's claims: ?q=&story=&status=&rating=&source=&assignee=(id|me)&tag=&sort=&page=&pageSize=");

    private static async Task<IResult> List(HttpContext http, Ledger ledger, [AsParameters] ClaimListRequest request)
    {
        var (page, problem) = await Find(http, ledger, request);
        return problem ?? Results.Ok(page);
    }

    /// <summary>The page the request asks for, or the problem naming the parameter it got wrong. The workbench's claim table reads it too.</summary>
    public static async Task<(ClaimListPage? Page, IResult? Problem)> Find(HttpContext http, Ledger ledger, ClaimListRequest request)
    {
        var (q, story, status, rating, source, assignee, tag, sort, page, pageSize) = request;
        var me = http.Actor();
        var (words, sortedBy, problem) = Search.ClaimSearchParameters.Parse(q, sort);
        if (problem is not null) return (null, problem);
        if (story is not null && !Guid.TryParse(story, out _)) return (null, Problems.Problem(400, "invalid_format", "story must be a story id.", "story"));
        if (source is not null && !Guid.TryParse(source, out _)) return (null, Problems.Problem(400, "invalid_format", "source must be a source id.", "source"));
        ClaimStatus? wantedStatus = null;
        if (status is not null)
        {
            try { wantedStatus = JsonSerializer.Deserialize<ClaimStatus>(JsonSerializer.Serialize(status), EventStore.StoreJson.Options); }
            catch (JsonException) { return (null, Problems.Problem(400, "not_a_status", "status is one of unrated, under_review, rated, archived.", "status")); }
        }
        if (rating is not null && RatingScale.Default.Find(rating) is null) return (null, Problems.Problem(400, "not_on_scale", "rating is not on the newsroom's scale.", "rating"));
        Guid? wantedAssignee = assignee switch
        {
            null => null,
            "me" => me.AccountId,
            _ when Guid.TryParse(assignee, out var id) => id,
            _ => Guid.Empty,
        };
        if (wantedAssignee == Guid.Empty) return (null, Problems.Problem(400, "invalid_format", "assignee is an account id or 'me'.", "assignee"));
        // A tag no claim can carry finds nothing, but is said to be wrong rather than sent to the database (NUL fails there).
        if (tag is not null && !OrganiseClaimDecisions.IsTag(tag.Trim().ToLowerInvariant()))
            return (null, Problems.Problem(400, "tag_format", "tag is lower-case letters, digits and dashes, 1 to 40 characters.", "tag"));
        if (!int.TryParse(page ?? "1", out var p) || p < 1) return (null, Problems.Problem(400, "invalid_format", "page is a whole number from 1.", "page"));
        if (!int.TryParse(pageSize ?? "50", out var size) || size is < 1 or > MaxPageSize)
            return (null, Problems.Problem(400, "out_of_range", $"pageSize is a whole number from 1 to {MaxPageSize}.", "pageSize"));

        var query = new Search.ClaimQuery(words, story is null ? null : Guid.Parse(story),
            wantedStatus is null ? null : Search.ClaimSearchProjection.StatusName(wantedStatus.Value), rating,
            source is null ? null : Guid.Parse(source), wantedAssignee, tag?.Trim().ToLowerInvariant(), sortedBy, p, size);
        await Search.SearchFreshness.CaughtUp(ledger, me.Newsroom, http.RequestAborted);
        var (total, ids) = await Search.ClaimSearch.Find(ledger.For(me.Newsroom), me.Newsroom, query, http.RequestAborted);
        var claims = (await ledger.LoadMany<Claim>(me.Newsroom, ids, http.RequestAborted)).ToDictionary(c => c.Id);
        return (new ClaimListPage(total, p, size,
            ids.Where(claims.ContainsKey).Select(id => ClaimView.From(claims[id].State, claims[id].Version)).ToList()), null);
    }
}
