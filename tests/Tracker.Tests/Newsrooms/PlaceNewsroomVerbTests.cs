using Npgsql;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Newsrooms;

/// <summary>
/// `tracker newsrooms add SLUG --database ...` as an operator runs it: the installation's own cluster in its data
/// folder, the new newsroom's database on another server (a second cluster with both roles made by its superuser).
/// </summary>
public sealed class PlaceNewsroomVerbTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-place-").FullName;

    [Fact]
    public async Task A_newsroom_added_with_its_own_database_is_written_verified_and_exported_there()
    {
        var own = await TestDatabase.CreateDatabaseOnSecondServer("metro");
        await DatabaseRoles.Ensure(own);
        var app = DatabaseRoles.As(own, DatabaseRoles.App);
        var owner = DatabaseRoles.As(own, DatabaseRoles.Owner);

        var add = await Run("newsrooms", "add", "metro", "--name", "Metro desk", "--database", app, "--owner-database", owner);
        add.Exit.ShouldBe(0, add.Stderr);
        add.Stdout.ShouldContain("in its own database");
        add.Stdout.ShouldContain("trk_");
        (await Scalar(own, "select count(*) from tracker.mt_events where tenant_id = 'metro'")).ShouldBeGreaterThan(0L);
        (await Scalar(own, "select count(*) from tracker.mt_events where tenant_id <> 'metro'")).ShouldBe(0L, "the first newsroom stays in the main database");

        var again = await Run("newsrooms", "add", "metro", "--database", app);
        again.Exit.ShouldBe(1);
        again.Stderr.ShouldContain("already exists");

        var verify = await Run("verify", "--newsroom", "metro");
        verify.Exit.ShouldBe(0, verify.Stderr + verify.Stdout);
        var file = Path.Combine(data, "metro.ndjson");
        var export = await Run("export", "events", "--newsroom", "metro", "--out", file);
        export.Exit.ShouldBe(0, export.Stderr);
        var lines = await File.ReadAllLinesAsync(file);
        lines.Length.ShouldBe((int)await Scalar(own, "select count(*) from tracker.mt_events where type <> 'tombstone'"));
        lines.ShouldAllBe(line => line.Contains("\"tenant\":\"metro\""));

        // Imported into another installation that places metro in a database of its own: the events go there.
        var elsewhere = await TestDatabase.CreateDatabaseOnSecondServer("metro_copy");
        await DatabaseRoles.Ensure(elsewhere);
        var otherData = Directory.CreateTempSubdirectory("tracker-place-copy-").FullName;
        try
        {
            var placedThere = new Dictionary<string, string>
            {
                ["newsrooms__metro__database"] = DatabaseRoles.As(elsewhere, DatabaseRoles.App),
                ["newsrooms__metro__ownerDatabase"] = DatabaseRoles.As(elsewhere, DatabaseRoles.Owner),
            };
            var import = await AppProcess.RunVerb(["import", file], otherData, placedThere);
            import.Exit.ShouldBe(0, import.Stderr);
            (await Scalar(elsewhere, "select count(*) from tracker.mt_events where tenant_id = 'metro' and type <> 'tombstone'")).ShouldBe(lines.Length);
            var verifyThere = await AppProcess.RunVerb(["verify", "--newsroom", "metro"], otherData, placedThere);
            verifyThere.Exit.ShouldBe(0, verifyThere.Stderr + verifyThere.Stdout);
        }
        finally
        {
            try { Directory.Delete(otherData, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        // A rebuild runs in every database, the placed one after the main one.
        var rebuild = await Run("rebuild", "corrections");
        rebuild.Exit.ShouldBe(0, rebuild.Stderr);
        rebuild.Stdout.ShouldContain("Rebuilt corrections in the database of metro");
        (await Scalar(own, "select count(*) from tracker.mt_event_progression where name like 'corrections%'")).ShouldBeGreaterThan(0L);

        // The first newsroom is untouched and still served from the main database.
        var list = await Run("accounts", "list", "--newsroom", "newsroom");
        list.Exit.ShouldBe(0, list.Stderr);
        list.Stdout.ShouldContain("admin");
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_said_in_one_line_and_nothing_is_placed()
    {
        var add = await Run("newsrooms", "add", "nowhere", "--database", "Host=127.0.0.1;Port=1;Database=tracker;Username=tracker_app;Timeout=2");
        add.Exit.ShouldBe(1);
        add.Stderr.ShouldContain("Cannot use the newsroom's database");
        add.Stderr.ShouldNotContain("   at ", customMessage: "no stack trace");
        var bad = await Run("newsrooms", "add", "nowhere", "--database", "not a connection string");
        bad.Exit.ShouldBe(1);
        bad.Stderr.ShouldContain("connection string");
        var export = await Run("export", "events", "--newsroom", "nowhere", "--out", Path.Combine(data, "nowhere.ndjson"));
        export.Exit.ShouldBe(1, "the newsroom was never opened");
        export.Stderr.ShouldContain("No newsroom 'nowhere'");
    }

    private Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args) => AppProcess.RunVerb(args, data);

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
