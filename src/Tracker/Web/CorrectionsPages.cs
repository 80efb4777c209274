using Tracker.EventStore;
using Tracker.Http;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>The corrections register as a page, and the auditors' re-verification of the hash chains.</summary>
public static class CorrectionsPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Read from each claim's own Corrections (derived in its evolve), so the page needs no projection of its own.
        app.MapGet("/corrections", async (HttpContext http, WorkbenchQueries queries) =>
        {
            var viewer = new Viewer(http.Actor());
            var claims = await queries.CorrectedClaims(viewer.Actor.Newsroom, http.RequestAborted);
            var rows = claims.SelectMany(c => c.Claim.Corrections.Select(x => new CorrectionsPage.Row(c.Claim, c.StoryTitle, x)))
                .OrderByDescending(r => r.Correction.At).ToList();
            return PageResults.Render<CorrectionsPage>(new { Viewer = viewer, Rows = rows });
        }).Page(Access.Anyone);

        app.MapGet("/verify", async (HttpContext http, PostgresEventStore store) =>
        {
            var viewer = new Viewer(http.Actor());
            var report = await store.Verify(viewer.Actor.Newsroom, ct: http.RequestAborted);
            return PageResults.Render<VerifyPage>(new { Viewer = viewer, Report = report, CheckedAt = store.Clock.GetUtcNow() });
        }).Page(Access.Auditors);
    }
}
