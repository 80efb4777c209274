using Tracker.Commands;
using Tracker.Http;
using Tracker.Sources;
using Tracker.Store;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>A source's page: its details, snapshots and retraction, with the forms that correct, snapshot and retract it.</summary>
public static class SourcePages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/sources/{id:guid}", (HttpContext http, Guid id, Ledger ledger) => Source(http, id, ledger, null, 200)).Page(Access.Anyone);

        // Each write by the rule function its API route applies (SourceWrites), with that route's roles.
        app.MapPost("/sources/{id:guid}/details", (HttpContext http, Guid id, PostedForm form, SourceCommands sources, Ledger ledger) =>
            Submit(http, id, form, "correct-source", ledger, context =>
            {
                // Blank fields keep their value, as fields left out of the API's changes do.
                var (valid, publishedAt) = Dates.Parse(form.Text("publishedAt"));
                if (!valid) return Task.FromResult<CommandOutcome?>(Forms.Refuse("publishedAt", "date", "Give the date as year-month-day."));
                var changes = new SourceChanges(form.Enum<SourceKind>("kind"), form.Text("name"), form.Text("url"), form.Text("outlet"),
                    form.Text("author"), publishedAt);
                var reason = form.Text("reason") ?? "";
                return sources.On(context, id, SourceWrites.Correcting(changes, reason), reason, http.RequestAborted);
            })).Page(Access.Reporters);

        app.MapPost("/sources/{id:guid}/snapshots", (HttpContext http, Guid id, PostedForm form, SourceCommands sources, Ledger ledger) =>
            Submit(http, id, form, "snapshot", ledger, context =>
            {
                var (valid, capturedAt) = Dates.Parse(form.Text("capturedAt"));
                if (!valid) return Task.FromResult<CommandOutcome?>(Forms.Refuse("capturedAt", "date", "Give the date as year-month-day."));
                var command = new RecordSourceSnapshot(form.Text("archiveUrl"), form.Text("contentSha256")?.Trim() ?? "", capturedAt);
                return sources.On(context, id, SourceWrites.Snapshotting(command), null, http.RequestAborted);
            })).Page(Access.Reporters);

        app.MapPost("/sources/{id:guid}/retract", (HttpContext http, Guid id, PostedForm form, SourceCommands sources, Ledger ledger) =>
            Submit(http, id, form, "retract-source", ledger, context =>
            {
                var note = form.Text("note") ?? "";
                return sources.On(context, id, SourceWrites.Retracting(note), note, http.RequestAborted);
            })).Page(Access.Factcheckers);
    }

    private static Task<IResult> Submit(HttpContext http, Guid id, PostedForm form, string name, Ledger ledger,
        Func<CommandContext, Task<CommandOutcome?>> command) =>
        Forms.Submit(http, form, name, "source", command, _ => $"/sources/{id}", (state, status) => Source(http, id, ledger, state, status));

    private static async Task<IResult> Source(HttpContext http, Guid id, Ledger ledger, FormState? state, int status)
    {
        var viewer = new Viewer(http.Actor());
        var source = await ledger.Load<Source>(viewer.Actor.Newsroom, id, http.RequestAborted);
        if (source is null || !source.State.IsRegistered) return PageResults.NotFound(http, "source");
        return PageResults.Render<SourcePage>(new { Viewer = viewer, Source = source.State, State = state }, status);
    }
}
