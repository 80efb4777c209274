using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using SourceStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Sources.Source>>;

namespace Tracker.Sources;

/// <summary>The details to change; fields left out keep their value.</summary>
public sealed record SourceChanges(SourceKind? Kind = null, string? Name = null, string? Url = null, string? Outlet = null, string? Author = null,
    DateTimeOffset? PublishedAt = null);
public sealed record CorrectDetailsRequest(SourceChanges Changes, string Reason);
public sealed record RecordSnapshotRequest(string ContentSha256, string? ArchiveUrl = null, DateTimeOffset? CapturedAt = null);
public sealed record RetractSourceRequest(string Note);
public sealed record RegisterSourceRequest(SourceKind Kind, string Name, string? Url = null, string? Outlet = null, string? Author = null, DateTimeOffset? PublishedAt = null);

/// <summary>
/// The source registry's writes as Wolverine HTTP endpoints, as <see cref="Stories.StoryWrites"/>: the source's inline
/// snapshot fetched exclusively for writing, the pure decide function, <see cref="StagedWrite"/> onto Wolverine's session,
/// and Wolverine's transactional middleware commits. If-Match, Idempotency-Key and problems are <see cref="Write.Run"/>'s.
/// </summary>
public static class SourceWrites
{
    private const string Route = "/api/sources";
    private const string One = Route + "/{id:guid}";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Sources");
        _ = chain.Method.Method.Name switch
        {
            nameof(Register) => builder.Allow(Access.Reporters).Accepts<RegisterSourceRequest>("application/json")
                .WithSummary(chain, "Register a source: an article, broadcast, post, document, poll, dataset, person or organization"),
            nameof(CorrectDetails) => builder.Allow(Access.Reporters).Accepts<CorrectDetailsRequest>("application/json")
                .WithSummary(chain, "Correct the source's details (fields left out keep their value), with the reason"),
            nameof(RecordSnapshot) => builder.Allow(Access.Reporters).Accepts<RecordSnapshotRequest>("application/json")
                .WithSummary(chain, "Record what the piece said when read: its SHA-256 and an archived copy"),
            nameof(Retract) => builder.Allow(Access.Factcheckers).Accepts<RetractSourceRequest>("application/json")
                .WithSummary(chain, "Record that the outlet pulled or corrected the piece"),
            _ => builder,
        };
    }


    // No stream to fetch, so [Transactional] asks for the commit that [WriteAggregate] brings on the other routes.
    [WolverinePost(Route), Transactional]
    public static async Task<IResult> Register(HttpContext http, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<RegisterSourceRequest>(http);
        var id = Guid.CreateVersion7();
        var registering = Registering(new RegisterSource(id, body.Kind, body.Name, body.Url, body.Outlet, body.Author, body.PublishedAt));
        return await Write.Run(http,
            async context => await StagedWrite.Start(context, id, SourceEventTypes.StreamType, session, ledger, registering, null, http.RequestAborted),
            r => new Reply(201, new { id, version = r[0].Version }, $"{Route}/{id}"));
    }

    [WolverinePost(One + "/details")]
    public static async Task<IResult> CorrectDetails(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] SourceStream source, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<CorrectDetailsRequest>(http);
        return await Decide(http, source, session, ledger, Correcting(body.Changes, body.Reason), body.Reason, r => Reply.Updated(id, r));
    }

    [WolverinePost(One + "/snapshots")]
    public static async Task<IResult> RecordSnapshot(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] SourceStream source, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<RecordSnapshotRequest>(http);
        return await Decide(http, source, session, ledger, Snapshotting(new(body.ArchiveUrl, body.ContentSha256, body.CapturedAt)), null,
            r => new Reply(201, new { id, version = r[0].Version }) { ETagOf = id });
    }

    [WolverinePost(One + "/retract")]
    public static async Task<IResult> Retract(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] SourceStream source, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<RetractSourceRequest>(http);
        return await Decide(http, source, session, ledger, Retracting(body.Note), body.Note, r => Reply.Updated(id, r));
    }

    // The rules each write applies, the same for these endpoints, the workbench's form and the demo loader (SourceCommands).
    public static Func<Actor, DateTimeOffset, Decision> Registering(RegisterSource command) =>
        (by, now) => RegisterSourceDecision.Decide(command, Source.Initial, by, now);

    /// <summary>
    /// Fields left out of the changes, or null, keep the value the source has when the write decides; an empty string
    /// clears an optional text detail (url, outlet, author), which the event then records as absent.
    /// </summary>
    public static Func<Source, Actor, DateTimeOffset, Decision> Correcting(SourceChanges c, string reason) =>
        (source, by, now) =>
        {
            var d = source.Details;
            var decided = CorrectSourceDetailsDecision.Decide(new(c.Kind ?? d.Kind, c.Name ?? d.Name, Change(c.Url, d.Url),
                Change(c.Outlet, d.Outlet), Change(c.Author, d.Author), c.PublishedAt ?? d.PublishedAt, reason), source, by, now);
            // What the caller sent is the changes: a null there reads as "keep", so say how to clear instead.
            return decided.Rejection is { Rule: "unchanged" } same
                ? same with { Field = "changes", Message = "These are the source's details already: a null or left-out field keeps its value; an empty string clears url, outlet or author." }
                : decided;
        };

    private static string? Change(string? change, string? current) =>
        change is null ? current : string.IsNullOrWhiteSpace(change) ? null : change;

    public static Func<Source, Actor, DateTimeOffset, Decision> Snapshotting(RecordSourceSnapshot command) =>
        (source, by, now) => RecordSourceSnapshotDecision.Decide(command, source, by, now);

    public static Func<Source, Actor, DateTimeOffset, Decision> Retracting(string note) =>
        (source, by, now) => RetractSourceDecision.Decide(new(note), source, by, now);

    private static Task<IResult> Decide(HttpContext http, SourceStream source, IDocumentSession session, Ledger ledger,
        Func<Source, Actor, DateTimeOffset, Decision> decide, string? reason, Func<IReadOnlyList<AppendResult>, Reply> reply) =>
        Write.Run(http,
            context => StagedWrite.On(context, source, SourceEventTypes.StreamType, session, ledger, decide, reason, http.RequestAborted),
            reply);
}
