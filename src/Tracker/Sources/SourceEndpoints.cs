using Npgsql;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Sources;

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

        sources.MapGet("/{id:guid}", async (HttpContext http, Guid id, NpgsqlDataSource db) =>
        {
            var source = await ReadModels.Sources.Load(db, http.Actor().Newsroom, id, http.RequestAborted);
            if (source is null) return Problems.NotFound("source");
            Preconditions.SetETag(http, source.Version);
            return Results.Ok(SourceView.From(source.State, source.Version));
        }).Allow(Access.Anyone).WithSummary("A source");

        sources.MapGet("", async (HttpContext http, string? q, NpgsqlDataSource db) =>
        {
            if (q is { Length: > 200 }) return Problems.Problem(400, "too_long", "q must be at most 200 characters.", "q");
            await using var cmd = db.CreateCommand(
                $"select id, version, data::text from {ReadModels.Sources.Table} where tenant_id = $1 and ($2 = '' or " +
                "concat_ws(' ', data->'details'->>'name', data->'details'->>'outlet', data->'details'->>'author', data->'details'->>'url') ilike '%' || $2 || '%') " +
                $"order by lower(data->'details'->>'name') limit {SearchLimit}");
            cmd.Parameters.Add(new() { Value = http.Actor().Newsroom });
            cmd.Parameters.Add(new() { Value = EscapeLike(q?.Trim() ?? "") });
            var found = new List<SourceView>();
            await using var r = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await r.ReadAsync(http.RequestAborted))
                found.Add(SourceView.From(System.Text.Json.JsonSerializer.Deserialize<Source>(r.GetString(2), StoreJson.Options)!, r.GetInt32(1)));
            return Results.Ok(found);
        }).Allow(Access.Anyone).WithSummary("Search the newsroom's sources by name, outlet, author or URL (?q=)");
    }

    // A user's % or _ is a character to find, not a wildcard.
    private static string EscapeLike(string q) => q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
