using System.Text;
using Npgsql;
using Tracker.Exports;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Importing;

/// <summary>
/// The demo newsroom as the store before Marten left it (TestData/README.md): its events.ndjson export and a pg_dump of
/// the same database, with what is known of it (the demo's ids, a token and the password it printed).
/// </summary>
public static class OldStore
{
    public const string Newsroom = "newsroom";
    public static readonly Guid StoryId = Guid.Parse("1b29a2a0-a48a-5baf-8593-cb3229e5f2c0");
    public const int Claims = 23;
    /// <summary>Rows the old store's story_timeline held for these events (in the dump).</summary>
    public const int TimelineEntries = 127;
    public const string FactcheckerToken = "trk_9ej3SQpt4dqoZ_UF2D6MXwyiWKy6D7aL0g9cbQj_4TM";
    public const string FactcheckerName = "Frank Factchecker";
    public const string DemoPassword = "tracker-demo-2026";

    public static string Export => Path.Combine(AppContext.BaseDirectory, "TestData", "old-store-events.ndjson");

    public static string[] Lines => File.ReadAllLines(Export).Where(l => l.Length > 0).ToArray();

    /// <summary>Each stream's last version and hash, as the file has them.</summary>
    public static Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)> HeadsOf(IEnumerable<string> lines)
    {
        var heads = new Dictionary<(string, Guid), (int, string)>();
        foreach (var e in lines.Select(EventLine.Parse)) heads[(e.Link.Tenant, e.Link.StreamId)] = (e.Link.Version, e.Hash);
        return heads;
    }

    /// <summary>Each stream's version (Marten's stream row) and the hash of its event at that version, as the database has them.</summary>
    public static async Task<Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)>> HeadsIn(NpgsqlDataSource data)
    {
        await using var cmd = data.CreateCommand(
            $"select s.tenant_id, s.id, s.version, e.headers->>'hash' from {TrackerStore.Schema}.mt_streams s " +
            $"join {TrackerStore.Schema}.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.id and e.version = s.version");
        await using var r = await cmd.ExecuteReaderAsync();
        var heads = new Dictionary<(string, Guid), (int, string)>();
        while (await r.ReadAsync()) heads[(r.GetString(0), r.GetGuid(1))] = ((int)r.GetInt64(2), r.GetString(3));
        return heads;
    }

    /// <summary>A new database holding the old store's tables and rows exactly as pg_dump wrote them.</summary>
    public static async Task<string> Database()
    {
        var connectionString = await TestDatabase.CreateDatabase("old_store");
        // psql's own commands (\restrict) are not SQL; the rest runs as written.
        var sql = string.Join('\n', File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "old-store.sql")).Where(l => !l.StartsWith('\\')));
        // Unpooled: the dump empties the search path of the connection it runs on.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
        return connectionString;
    }

    /// <summary>An installation whose first start opened another newsroom, so the old one can come in beside it.</summary>
    public static async Task<TrackerAppFactory> Installation(Func<Task<string>>? database = null)
    {
        var app = new TrackerAppFactory
        {
            Settings = new Dictionary<string, string> { ["newsroom"] = "desk" },
            Database = database ?? (() => TestDatabase.CreateDatabase("import")),
        };
        await app.InitializeAsync();
        return app;
    }

    public static async Task<string> Save(TempDirectory folder, IEnumerable<string> lines, string name = "events.ndjson")
    {
        var path = Path.Combine(folder.Path, name);
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return path;
    }
}
