using Tracker.Store;
using Npgsql;
using Tracker.Corrections;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>The corrections register as a page, and the auditors' re-verification of the hash chains.</summary>
public static class CorrectionsPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // The same register the API serves (an async projection), so it may trail an approval by a moment.
        app.MapGet("/corrections", async (HttpContext http, WorkbenchQueries queries) =>
        {
            var viewer = new Viewer(http.Actor());
            var entries = await CorrectionsEndpoints.WithGrants(http.RequestServices.GetRequiredService<Store.Ledger>(), viewer.Actor.Newsroom,
                await CorrectionsEndpoints.Entries(http.NewsroomDatabase(), viewer.Actor.Newsroom, null, null, http.RequestAborted), http.RequestAborted);
            var titles = await queries.StoryTitles(viewer.Actor.Newsroom, http.RequestAborted);
            return PageResults.Render<CorrectionsPage>(new { Viewer = viewer, Entries = entries, StoryTitles = titles });
        }).Page(Access.Anyone);

        app.MapGet("/verify", async (HttpContext http, Ledger store, Audit.RecordAudit audit) =>
        {
            var viewer = new Viewer(http.Actor());
            var report = await audit.Verify(viewer.Actor.Newsroom, ct: http.RequestAborted);
            return PageResults.Render<VerifyPage>(new { Viewer = viewer, Report = report, CheckedAt = store.Clock.GetUtcNow() });
        }).Page(Access.Auditors);
    }
}
