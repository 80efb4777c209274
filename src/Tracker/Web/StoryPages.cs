using Tracker.Store;
using Npgsql;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Http;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>The story board and a story's page, with the forms that open stories, log claims, attribute them and register sources.</summary>
public static class StoryPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, Ledger ledger) => Board(http, ledger, null, 200)).Page(Access.Anyone);

        app.MapPost("/stories", (HttpContext http, PostedForm form, StoryCommands stories, Ledger ledger) =>
        {
            var id = form.Id("storyId") ?? Guid.CreateVersion7();
            return Forms.Submit(http, form, "open-story", "story",
                async context => await stories.Open(context, new OpenStory(id, form.Text("title") ?? "", form.Text("summary") ?? ""), http.RequestAborted),
                _ => $"/stories/{id}",
                (state, status) => Board(http, ledger, state, status));
        }).Page(Access.Reporters);

        app.MapGet("/stories/{id:guid}", (HttpContext http, Guid id, Guid? source, int? page, Guid? claim, Ledger ledger, WorkbenchQueries queries) =>
            Story(http, id, ledger, queries, null, 200, source, page, claim)).Page(Access.Anyone);

        app.MapPost("/stories/{id:guid}/claims", (HttpContext http, Guid id, PostedForm form, ClaimCommands claims, Ledger ledger, WorkbenchQueries queries) =>
        {
            var claimId = form.Id("claimId") ?? Guid.CreateVersion7();
            return Forms.Submit(http, form, "log-claim", "story",
                async context =>
                {
                    var (valid, claimedAt) = Dates.Parse(form.Text("claimedAt"));
                    if (!valid) return Forms.Refuse("claimedAt", "date", "Give the date as year-month-day.");
                    var attribution = FirstAttribution(form);
                    if (attribution is null && form.Text("quote") is not null)
                        return Forms.Refuse("sourceId", "required", "Choose who said or reported the quote, or register them first.");
                    if (await Search.LinkOnLog.Refusal(context.By, form.Text("linkAs"), ledger, http.RequestAborted) is { } refused) return refused;
                    var logged = await claims.Log(context, new LogClaim(claimId, id, form.Text("text") ?? "", claimedAt), attribution, http.RequestAborted);
                    return await Search.LinkOnLog.Then(logged, form.Text("linkAs"), claims, context, claimId, http.RequestAborted);
                },
                _ => $"/stories/{id}?claim={claimId}#claim-{claimId}",
                (state, status) => Story(http, id, ledger, queries, state, status, page: int.MaxValue));
        }).Page(Access.Reporters);

        app.MapPost("/stories/{id:guid}/sources", async (HttpContext http, Guid id, PostedForm form, SourceCommands sources, Ledger ledger, WorkbenchQueries queries) =>
        {
            // Register from the story's page only for a story of this newsroom: the page then offers the new source.
            if (await ledger.Load<Story>(http.Actor().Newsroom, id, http.RequestAborted) is null) return PageResults.NotFound(http, "story");
            var sourceId = form.Id("sourceId") ?? Guid.CreateVersion7();
            return await Forms.Submit(http, form, "register-source", "source",
                async context =>
                {
                    var (valid, publishedAt) = Dates.Parse(form.Text("publishedAt"));
                    if (!valid) return Forms.Refuse("publishedAt", "date", "Give the date as year-month-day.");
                    if (form.Enum<SourceKind>("kind") is not { } kind) return Forms.Refuse("kind", "unknown", "Choose what kind of source this is.");
                    return await sources.Register(context, new RegisterSource(sourceId, kind, form.Text("name") ?? "", form.Text("url"),
                        form.Text("outlet"), form.Text("author"), publishedAt), http.RequestAborted);
                },
                _ => $"/stories/{id}?source={sourceId}#log-claim",
                (state, status) => Story(http, id, ledger, queries, state, status));
        }).Page(Access.Reporters);

        // The story's own writes, each by the rule function its API route applies (StoryWrites), with that route's roles.
        MapStoryWrite(app, "title", "retitle", Access.Reporters, form => (StoryWrites.Retitling(form.Text("title") ?? "", form.Text("reason")), form.Text("reason")));
        MapStoryWrite(app, "summary", "revise-summary", Access.Reporters,
            form => (StoryWrites.RevisingSummary(form.Text("summary") ?? "", form.Text("reason")), form.Text("reason")));
        MapStoryWrite(app, "close", "close-story", Access.Editors, form => (StoryWrites.Closing(form.Text("note")), form.Text("note")));
        MapStoryWrite(app, "reopen", "reopen-story", Access.Editors, form => (StoryWrites.Reopening(form.Text("reason") ?? ""), form.Text("reason")));

        app.MapPost("/claims/{id:guid}/attributions", async (HttpContext http, Guid id, PostedForm form, ClaimCommands claims, Ledger ledger, WorkbenchQueries queries) =>
        {
            var claim = await ledger.Load<Claim>(http.Actor().Newsroom, id, http.RequestAborted);
            if (claim is null) return PageResults.NotFound(http, "claim");
            var storyId = claim.State.StoryId;
            return await Forms.Submit(http, form, $"attribution-{id}", "claim",
                async context =>
                {
                    if (form.Enum<AttributionRole>("role") is not { } role) return Forms.Refuse("role", "unknown", "Choose the source's role.");
                    if (form.Id("sourceId") is not { } sourceId) return Forms.Refuse("sourceId", "required", "Choose a source, or register it first.");
                    return await claims.AddAttribution(context, id, new AddAttribution(form.Id("attributionId") ?? Guid.CreateVersion7(), sourceId, role,
                        form.Text("quote") ?? "", form.Text("url"), form.Id("via")), http.RequestAborted);
                },
                _ => $"/stories/{storyId}?claim={id}#claim-{id}",
                (state, status) => Story(http, storyId, ledger, queries, state, status, claim: id));
        }).Page(Access.Reporters);
    }

    private static void MapStoryWrite(IEndpointRouteBuilder app, string action, string formName, Role[] roles,
        Func<PostedForm, (Func<Story, Commands.Actor, DateTimeOffset, Commands.Decision> Decide, string? Reason)> read) =>
        app.MapPost($"/stories/{{id:guid}}/{action}", (HttpContext http, Guid id, PostedForm form, StoryCommands stories, Ledger ledger, WorkbenchQueries queries) =>
        {
            var (decide, reason) = read(form);
            return Forms.Submit(http, form, formName, "story",
                async context => await stories.On(context, id, decide, reason, http.RequestAborted),
                _ => $"/stories/{id}",
                (state, status) => Story(http, id, ledger, queries, state, status));
        }).Page(roles);

    private static AddAttribution? FirstAttribution(PostedForm form) =>
        form.Id("sourceId") is { } sourceId
            ? new AddAttribution(Guid.CreateVersion7(), sourceId, form.Enum<AttributionRole>("role") ?? AttributionRole.Claimant,
                form.Text("quote") ?? "", form.Text("url"), null)
            : null;

    private static async Task<IResult> Board(HttpContext http, Ledger ledger, FormState? state, int status)
    {
        var viewer = new Viewer(http.Actor());
        // Every story and claim of the newsroom, read once for the cards and both lists.
        var stories = await ledger.All<Stories.Story>(viewer.Actor.Newsroom, http.RequestAborted);
        IReadOnlyList<Claims.Claim> claims = [.. (await ledger.All<Claims.Claim>(viewer.Actor.Newsroom, http.RequestAborted)).Select(c => c.State)];
        var cards = StoryQueries.Listings(stories, claims);
        var queue = await Queue.SignOffQueue.From(ledger, viewer.Actor, stories, claims, http.RequestAborted);
        var sentBack = Queue.SentBack.From(viewer.Actor, stories, claims);
        return PageResults.Render<BoardPage>(new { Viewer = viewer, Cards = cards, State = state, Queue = queue, SentBack = sentBack }, status);
    }

    /// <summary>
    /// A story's page: the claims of <paramref name="page"/>, or of the page that holds <paramref name="claim"/> (where a
    /// form about it was sent, so its answer shows), or the first.
    /// </summary>
    private static async Task<IResult> Story(HttpContext http, Guid id, Ledger ledger, WorkbenchQueries queries,
        FormState? state, int status, Guid? registered = null, int? page = null, Guid? claim = null)
    {
        var viewer = new Viewer(http.Actor());
        var tenant = viewer.Actor.Newsroom;
        var story = await ledger.Load<Story>(tenant, id, http.RequestAborted);
        if (story is null || !story.State.IsOpened) return PageResults.NotFound(http, "story");
        var claims = await queries.ClaimsOf(tenant, id, http.RequestAborted);
        var linked = await queries.Claims(tenant, claims.SelectMany(c => c.Claim.Links.Select(l => l.OtherClaimId)), http.RequestAborted);
        var sources = await queries.Sources(tenant, http.RequestAborted);
        return PageResults.Render<StoryPage>(new
        {
            Viewer = viewer,
            Story = story.State,
            Claims = claims,
            Sources = sources,
            Linked = linked,
            State = state,
            Registered = registered,
            Page = page ?? (claims.ToList().FindIndex(c => c.Claim.Id == claim) is var at and >= 0 ? at / StoryPage.PerPage + 1 : 1),
        }, status);
    }
}
