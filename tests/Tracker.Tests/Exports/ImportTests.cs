using Tracker.Exports;
using Marten;
using Npgsql;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Testing;
using Tracker.Tests.Resilience;
using Tracker.Tests.Support;

namespace Tracker.Tests.Exports;

/// <summary>
/// An events.ndjson export goes into another installation whole: every stream ends at the same version and hash, the
/// chains verify, the snapshots read back, a second import adds nothing, and a file that does not verify is refused.
/// </summary>
public sealed class ImportTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task An_export_imported_elsewhere_has_the_same_heads_and_imports_once()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var story = (await checker.Post("/api/stories", new { title = "Imported", summary = "Moves house" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        var file = Path.Combine(app.DataFolder, "events.ndjson");
        await using (var output = File.Create(file)) await EventsNdjson.Write(app.Store.DataSource, new ExportFilter("newsroom", null, null, null, 0), output);

        var (store, ledger) = await FreshInstallation();
        using var _ = store;
        (await ImportFile.Check(ledger, file, partial: false)).Ok.ShouldBeTrue();
        var first = await ImportFile.Import(ledger, file);
        first.Imported.ShouldBe(first.Read);

        Heads(file).ShouldBe(await HeadsOf(ledger));
        (await ledger.Verify("newsroom")).Ok.ShouldBeTrue();
        (await ledger.Load<Tracker.Claims.Claim>("newsroom", claim)).ShouldNotBeNull().State.Text.ShouldBe("Three meetings were held");

        var again = await ImportFile.Import(ledger, file);
        (again.Imported, again.Skipped).ShouldBe((0L, first.Read), "a second import adds nothing");
    }

    [Fact]
    public async Task A_file_that_does_not_verify_is_refused_before_anything_is_written()
    {
        await app.As(Role.Reporter);
        var file = Path.Combine(app.DataFolder, "tampered.ndjson");
        await using (var output = File.Create(file)) await EventsNdjson.Write(app.Store.DataSource, new ExportFilter("newsroom", null, null, null, 0), output);
        // Someone renames an account in the file and leaves its hash as it was.
        var lines = await File.ReadAllLinesAsync(file);
        var at = Array.FindIndex(lines, l => l.Contains("\"account_created\""));
        var line = System.Text.Json.Nodes.JsonNode.Parse(lines[at])!;
        line["data"]!["name"] = "Someone else";
        lines[at] = line.ToJsonString();
        await File.WriteAllLinesAsync(file, lines);

        var (store, ledger) = await FreshInstallation();
        using var _ = store;
        // tracker import runs this check over the whole file first and writes nothing when it fails.
        var check = await ImportFile.Check(ledger, file, partial: false);
        check.Ok.ShouldBeFalse();
        check.Failures.ShouldContain(f => f.Problem.Contains("hash does not match"));
    }

    [Fact]
    public async Task The_home_made_stores_export_moves_onto_Marten_with_every_head_intact()
    {
        // Written by the store Tracker ran on before Marten (commit d9112fa, `tracker export` of the demo story).
        var file = Path.Combine(AppContext.BaseDirectory, "Exports", "TestData", "home-made-store-demo.ndjson");
        var (store, ledger) = await FreshInstallation();
        using var _ = store;

        (await ImportFile.Check(ledger, file, partial: false)).Ok.ShouldBeTrue();
        var imported = await ImportFile.Import(ledger, file);

        (imported.Imported, imported.Streams).ShouldBe((167L, 53));
        Heads(file).ShouldBe(await HeadsOf(ledger));
        (await ledger.Verify("newsroom")).Ok.ShouldBeTrue();
    }

    private static async Task<(DocumentStore Store, Ledger Ledger)> FreshInstallation()
    {
        var db = NpgsqlDataSource.Create(await TestDatabase.CreateDatabase("import"));
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, db, TrackerStore.EventTypes(), Features.AsyncProjections());
        opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        using (var migrations = new DocumentStore(opts)) await migrations.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        foreach (var ddl in Features.OwnTables(Features.AsyncProjections()))
        {
            await using var cmd = db.CreateCommand(ddl);
            await cmd.ExecuteNonQueryAsync();
        }
        return ReadModelCheck.Open(db);
    }

    private static Dictionary<Guid, (int, string)> Heads(string file) =>
        File.ReadLines(file).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .GroupBy(e => e.GetProperty("streamId").GetGuid())
            .ToDictionary(g => g.Key, g => (g.Last().GetProperty("version").GetInt32(), g.Last().GetProperty("hash").GetString()!));

    private static async Task<Dictionary<Guid, (int, string)>> HeadsOf(Ledger ledger)
    {
        var file = Path.GetTempFileName();
        await using (var output = File.Create(file)) await EventsNdjson.Write(ledger.DataSource, new ExportFilter("newsroom", null, null, null, 0), output);
        try { return Heads(file); } finally { File.Delete(file); }
    }
}
