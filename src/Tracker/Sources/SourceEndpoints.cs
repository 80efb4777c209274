using Tracker.Store;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Sources;

/// <summary>The details to change; fields left out keep their value.</summary>
public sealed record SourceChanges(SourceKind? Kind = null, string? Name = null, string? Url = null, string? Outlet = null, string? Author = null,
    DateTimeOffset? PublishedAt = null);
public sealed record CorrectDetailsRequest(SourceChanges Changes, string Reason);
public sealed record RecordSnapshotRequest(string ContentSha256, string? ArchiveUrl = null, DateTimeOffset? CapturedAt = null);
public sealed record RetractSourceRequest(string Note);

public sealed record RegisterSourceRequest(SourceKind Kind, string Name, string? Url = null, string? Outlet = null, string? Author = null, DateTimeOffset? PublishedAt = null);

/// <summary>A source as the API shows it.</summary>
public sealed record SourceView(Guid Id, SourceDetails Details, DateTimeOffset RegisteredAt, IReadOnlyList<SourceSnapshot> Snapshots,
    bool IsRetracted, string? RetractionNote, int Version)
{
    public static SourceView From(Source s, int version) => new(s.Id, s.Details, s.RegisteredAt, s.Snapshots, s.IsRetracted, s.RetractionNote, version);
}

public static class SourceEndpoints
{
    public const int SearchLimit = 50;

    public static void Map(RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Sources");

        sources.MapPost("", (HttpContext http, RegisterSourceRequest body, SourceCommands commands) =>
        {
            var id = Guid.CreateVersion7();
            var command = new RegisterSource(id, body.Kind, body.Name, body.Url, body.Outlet, body.Author, body.PublishedAt);
            return Write.Run(http, async (context, _) => await commands.Register(context, command, http.RequestAborted),
                r => new Reply(201, new { id, version = r[0].Version }, $"/api/sources/{id}"));
        }).Allow(Access.Reporters).WithSummary("Register a source: an article, broadcast, post, document, poll, dataset, person or organization");

        var source = sources.MapGroup("/{id:guid}");
        source.MapPost("/details", (HttpContext http, Guid id, CorrectDetailsRequest body, SourceCommands commands) =>
            Write.Run(http, (context, _) => commands.On(context, id, (s, by, now) =>
                {
                    var c = body.Changes;
                    var d = s.Details;
                    return CorrectSourceDetailsDecision.Decide(new(c.Kind ?? d.Kind, c.Name ?? d.Name, c.Url ?? d.Url, c.Outlet ?? d.Outlet,
                        c.Author ?? d.Author, c.PublishedAt ?? d.PublishedAt, body.Reason), s, by, now);
                }, body.Reason, http.RequestAborted),
                r => Updated(id, r)))
            .Allow(Access.Reporters).WithSummary("Correct the source's details (fields left out keep their value), with the reason");
        source.MapPost("/snapshots", (HttpContext http, Guid id, RecordSnapshotRequest body, SourceCommands commands) =>
            Write.Run(http, (context, _) => commands.On(context, id, (s, by, now) =>
                    RecordSourceSnapshotDecision.Decide(new(body.ArchiveUrl, body.ContentSha256, body.CapturedAt), s, by, now), ct: http.RequestAborted),
                r => new Reply(201, new { id, version = r[0].Version }) { ETagOf = id }))
            .Allow(Access.Reporters).WithSummary("Record what the piece said when read: its SHA-256 and an archived copy");
        source.MapPost("/retract", (HttpContext http, Guid id, RetractSourceRequest body, SourceCommands commands) =>
            Write.Run(http, (context, _) => commands.On(context, id, (s, by, now) => RetractSourceDecision.Decide(new(body.Note), s, by, now), body.Note, http.RequestAborted),
                r => Updated(id, r)))
            .Allow(Access.Factcheckers).WithSummary("Record that the outlet pulled or corrected the piece");

        sources.MapGet("/{id:guid}", async (HttpContext http, Guid id, Ledger ledger) =>
        {
            var source = await ledger.Load<Source>(http.Actor().Newsroom, id, http.RequestAborted);
            if (source is null) return Problems.NotFound("source");
            Preconditions.SetETag(http, source.Version);
            return Results.Ok(SourceView.From(source.State, source.Version));
        }).Allow(Access.Anyone).WithSummary("A source");

        sources.MapGet("", async (HttpContext http, string? q, Ledger ledger) =>
        {
            if (q is { Length: > 200 }) return Problems.Problem(400, "too_long", "q must be at most 200 characters.", "q");
            if (q is not null && q.Any(char.IsControl)) return Problems.Problem(400, "control_characters", "q must not contain control characters.", "q");
            var wanted = q?.Trim() ?? "";
            // A newsroom's registry is hundreds of sources, not millions: matched in memory on the snapshots.
            var found = (await ledger.All<Source>(http.Actor().Newsroom, http.RequestAborted))
                .Where(a => wanted.Length == 0 || Matches(a.State.Details, wanted))
                .OrderBy(a => a.State.Details.Name, StringComparer.OrdinalIgnoreCase)
                .Take(SearchLimit)
                .Select(a => SourceView.From(a.State, a.Version));
            return Results.Ok(found);
        }).Allow(Access.Anyone).WithSummary("Search the newsroom's sources by name, outlet, author or URL (?q=)");
    }

    private static Reply Updated(Guid id, IReadOnlyList<AppendResult> results) => new(200, new { id, version = results[0].Version });

    private static bool Matches(SourceDetails d, string q) =>
        string.Join(' ', new[] { d.Name, d.Outlet, d.Author, d.Url }.Where(x => x is not null)).Contains(q, StringComparison.OrdinalIgnoreCase);
}
