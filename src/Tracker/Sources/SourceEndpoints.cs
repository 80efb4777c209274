using Tracker.Store;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Sources;

/// <summary>A source as the API shows it.</summary>
public sealed record SourceView(Guid Id, SourceDetails Details, DateTimeOffset RegisteredAt, IReadOnlyList<SourceSnapshot> Snapshots,
    bool IsRetracted, string? RetractionNote, int Version)
{
    public static SourceView From(Source s, int version) => new(s.Id, s.Details, s.RegisteredAt, s.Snapshots, s.IsRetracted, s.RetractionNote, version);
}

/// <summary>The source reads; the writes are <see cref="SourceWrites"/>.</summary>
public static class SourceEndpoints
{
    public const int SearchLimit = 50;

    public static void Map(RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Sources");

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

    private static bool Matches(SourceDetails d, string q) =>
        string.Join(' ', new[] { d.Name, d.Outlet, d.Author, d.Url }.Where(x => x is not null)).Contains(q, StringComparison.OrdinalIgnoreCase);
}
