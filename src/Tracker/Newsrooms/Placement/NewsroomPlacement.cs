using Npgsql;
using Tracker.Hosting;

namespace Tracker.Newsrooms.Placement;

/// <summary>
/// A newsroom kept in a database of its own (on its own server, say) instead of the main one. <paramref name="Database"/>
/// is how the app connects (its unprivileged role); <paramref name="OwnerDatabase"/> how start-up migrates that database.
/// </summary>
public sealed record NewsroomPlacement(string Slug, string Database, string OwnerDatabase)
{
    private const string Table = $"{TrackerStore.Schema}.newsroom_databases";

    /// <summary>The main database's register of placements (`tracker newsrooms add SLUG --database ...` writes it).</summary>
    public const string Ddl = $"""
        create table if not exists {Table} (
            slug text primary key,
            connection_string text not null,
            owner_connection_string text not null,
            placed timestamptz not null default now())
        """;

    /// <summary>
    /// Every placement: those in configuration (`newsrooms:SLUG:database`, `newsrooms:SLUG:ownerDatabase`) and those the
    /// CLI recorded in the main database. Configuration wins for a slug named in both.
    /// </summary>
    public static async Task<IReadOnlyList<NewsroomPlacement>> All(IConfiguration configuration, NpgsqlDataSource main, CancellationToken ct)
    {
        var placements = new Dictionary<string, NewsroomPlacement>();
        await using (var cmd = main.CreateCommand($"select slug, connection_string, owner_connection_string from {Table} order by slug"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                placements[reader.GetString(0)] = new(reader.GetString(0), reader.GetString(1), reader.GetString(2));
        foreach (var newsroom in configuration.GetSection("newsrooms").GetChildren())
        {
            var database = newsroom["database"];
            if (string.IsNullOrWhiteSpace(database)) continue;
            var owner = newsroom["ownerDatabase"];
            placements[newsroom.Key] = new(newsroom.Key, database, string.IsNullOrWhiteSpace(owner) ? database : owner);
        }
        return placements.Values.OrderBy(p => p.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>Records a placement; false when the slug is already placed.</summary>
    public async Task<bool> Record(NpgsqlDataSource main, CancellationToken ct)
    {
        await using var cmd = main.CreateCommand(
            $"insert into {Table} (slug, connection_string, owner_connection_string) values ($1, $2, $3) on conflict (slug) do nothing");
        cmd.Parameters.Add(new() { Value = Slug });
        cmd.Parameters.Add(new() { Value = Database });
        cmd.Parameters.Add(new() { Value = OwnerDatabase });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }
}
