using Tracker.Claims;
using Tracker.Http;
using Tracker.Search;
using Tracker.Store;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>The claim table with its search box and filters, and the similar claims the log-a-claim form shows as one types.</summary>
public static class SearchPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/claims", async (HttpContext http, Ledger ledger, WorkbenchQueries queries, [AsParameters] ClaimListRequest sent) =>
        {
            // An empty box or "any" in a select is sent as an empty value: not a filter.
            var request = new ClaimListRequest(Given(sent.Q), Given(sent.Story), Given(sent.Status), Given(sent.Rating), Given(sent.Source),
                Given(sent.Assignee), Given(sent.Tag), Given(sent.Sort), Given(sent.Page), Given(sent.PageSize) ?? "25");
            var (page, problem) = await ClaimList.Find(http, ledger, request);
            var tenant = http.Actor().Newsroom;
            return PageResults.Render<ClaimsPage>(new
            {
                Viewer = new Viewer(http.Actor()),
                Request = request,
                Page = page,
                Problem = problem is null ? null : Detail(problem),
                StoryTitles = await queries.StoryTitles(tenant, http.RequestAborted),
                Sources = await queries.Sources(tenant, http.RequestAborted),
            }, problem is null ? 200 : 400);
        }).Page(Access.Anyone);

        // A fragment for workbench.js, not a page: the suggestions replace the list under the claim's text.
        app.MapGet("/claims/similar", async (HttpContext http, Ledger ledger, WorkbenchQueries queries, string? text) =>
        {
            var tenant = http.Actor().Newsroom;
            var found = string.IsNullOrWhiteSpace(text) || text.Length > TextLimits.ClaimText
                ? []
                : await SimilarClaims.Rank(ledger.For(tenant), tenant, text, http.RequestAborted);
            return PageResults.Render<SimilarSuggestions>(new
            {
                Claims = found,
                StoryTitles = await queries.StoryTitles(tenant, http.RequestAborted),
                CanLink = new Viewer(http.Actor()).CanCheck,
            });
        }).Page(Access.Anyone);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Detail(IResult problem) =>
        problem is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails details } ? details.Detail ?? "" : "Check the search.";
}
