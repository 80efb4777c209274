using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using StoryStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Stories.Story>>;

namespace Tracker.Stories;

public sealed record OpenStoryRequest(string Title, string Summary);
public sealed record RetitleRequest(string Title, string Reason);
public sealed record ReviseSummaryRequest(string Summary, string Reason);
public sealed record CloseStoryRequest(string? Note = null);
public sealed record ReopenStoryRequest(string Reason);

/// <summary>
/// The story's writes as Wolverine HTTP endpoints, as <see cref="Verdicts.VerdictWrites"/>: the story's inline snapshot
/// fetched exclusively for writing, the pure decide function, <see cref="StagedWrite"/> onto Wolverine's session, and
/// Wolverine's transactional middleware commits. If-Match, Idempotency-Key and problems are <see cref="Write.Run"/>'s.
/// </summary>
public static class StoryWrites
{
    private const string Route = "/api/stories";
    private const string One = Route + "/{id:guid}";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Stories");
        _ = chain.Method.Method.Name switch
        {
            nameof(Open) => builder.Allow(Access.Reporters).Accepts<OpenStoryRequest>("application/json").WithSummary(chain, "Open a story"),
            nameof(Retitle) => builder.Allow(Access.Reporters).Accepts<RetitleRequest>("application/json").WithSummary(chain, "Retitle the story, with the reason"),
            nameof(ReviseSummary) => builder.Allow(Access.Reporters).Accepts<ReviseSummaryRequest>("application/json")
                .WithSummary(chain, "Revise the story's summary, with the reason"),
            nameof(Close) => builder.Allow(Access.Editors).Accepts<CloseStoryRequest>("application/json")
                .WithSummary(chain, "Close the story: no new claims until it is reopened"),
            nameof(Reopen) => builder.Allow(Access.Editors).Accepts<ReopenStoryRequest>("application/json").WithSummary(chain, "Reopen a closed story, with the reason"),
            _ => builder,
        };
    }


    // No stream to fetch, so [Transactional] asks for the commit that [WriteAggregate] brings on the other routes.
    [WolverinePost(Route), Transactional]
    public static async Task<IResult> Open(HttpContext http, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<OpenStoryRequest>(http);
        var id = Guid.CreateVersion7();
        var opening = Opening(new OpenStory(id, body.Title, body.Summary));
        return await Write.Run(http,
            async context => await StagedWrite.Start(context, id, StoryEventTypes.StreamType, session, ledger, opening, null, http.RequestAborted),
            r => new Reply(201, new { id, version = r[0].Version }, $"{Route}/{id}"));
    }

    [WolverinePost(One + "/title")]
    public static async Task<IResult> Retitle(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] StoryStream story, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<RetitleRequest>(http);
        return await Decide(http, id, story, session, ledger, Retitling(body.Title, body.Reason), body.Reason);
    }

    [WolverinePost(One + "/summary")]
    public static async Task<IResult> ReviseSummary(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] StoryStream story, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReviseSummaryRequest>(http);
        return await Decide(http, id, story, session, ledger, RevisingSummary(body.Summary, body.Reason), body.Reason);
    }

    [WolverinePost(One + "/close")]
    public static async Task<IResult> Close(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] StoryStream story, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<CloseStoryRequest>(http);
        return await Decide(http, id, story, session, ledger, Closing(body.Note), body.Note);
    }

    [WolverinePost(One + "/reopen")]
    public static async Task<IResult> Reopen(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] StoryStream story, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReopenStoryRequest>(http);
        return await Decide(http, id, story, session, ledger, Reopening(body.Reason), body.Reason);
    }

    // The rules each write applies, the same for these endpoints, the workbench's form and the demo loader (StoryCommands).
    public static Func<Actor, DateTimeOffset, Decision> Opening(OpenStory command) =>
        (by, now) => OpenStoryDecision.Decide(command, Story.Initial, by, now);

    public static Func<Story, Actor, DateTimeOffset, Decision> Retitling(string title, string? reason) =>
        (story, by, now) => WithReason(RetitleStoryDecision.Decide(new(title), story, by, now), reason);

    public static Func<Story, Actor, DateTimeOffset, Decision> RevisingSummary(string summary, string? reason) =>
        (story, by, now) => WithReason(ReviseStorySummaryDecision.Decide(new(summary), story, by, now), reason);

    /// <summary>A retitle or a revision says why, as reopening does: the reason goes into the hashed record, so it is checked.</summary>
    private static Decision WithReason(Decision decided, string? reason) =>
        decided.Rejection is null && Check.Text("reason", reason, TextLimits.Note) is { } bad ? bad : decided;

    public static Func<Story, Actor, DateTimeOffset, Decision> Closing(string? note) =>
        (story, by, now) => CloseStoryDecision.Decide(new(note), story, by, now);

    /// <summary>The reason is the only input, and the events' reason: it is checked here, as the decision has no field for it.</summary>
    public static Func<Story, Actor, DateTimeOffset, Decision> Reopening(string reason) =>
        (story, by, now) => Check.Text("reason", reason, TextLimits.Note) is { } bad ? bad : ReopenStoryDecision.Decide(new(), story, by, now);

    private static Task<IResult> Decide(HttpContext http, Guid id, StoryStream story, IDocumentSession session, Ledger ledger,
        Func<Story, Actor, DateTimeOffset, Decision> decide, string? reason) =>
        Write.Run(http,
            context => StagedWrite.On(context, story, StoryEventTypes.StreamType, session, ledger, decide, reason, http.RequestAborted),
            r => Reply.Updated(id, r));
}
