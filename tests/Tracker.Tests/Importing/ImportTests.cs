using System.Buffers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Claims;
using Tracker.EventStore.Hashing;
using Tracker.Exports;
using Tracker.Store;
using Tracker.Stories;
using Tracker.Testing;
using Tracker.Tests.Support;
using Xunit.Abstractions;

namespace Tracker.Tests.Importing;

/// <summary>
/// tracker import: an export made by the store before Marten (TestData) comes into Marten whole, keeps every hash,
/// reads back through the ledger, can be resumed and rerun, and a broken or diverging file writes nothing of its streams.
/// Each test has an installation of its own, whose first start opened another newsroom ("desk").
/// </summary>
public sealed class ImportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_old_export_comes_in_with_every_stream_head_verifies_and_exports_the_same_events()
    {
        await using var app = new Disposing(await OldStore.Installation());
        var ledger = app.Factory.Store;

        var check = await ImportFile.Check(ledger, OldStore.Export, partial: false);
        check.Ok.ShouldBeTrue(string.Join("\n", check.Failures));
        var result = await ImportFile.Import(ledger, OldStore.Export);

        result.ShouldBe(new ImportResult(OldStore.Lines.Length, OldStore.Lines.Length, 0, OldStore.HeadsOf(OldStore.Lines).Count));
        (await HeadsOfOldNewsroom(ledger)).ShouldBe(Sorted(OldStore.HeadsOf(OldStore.Lines)));
        var verified = await ledger.Verify();
        verified.Ok.ShouldBeTrue(string.Join("\n", verified.Failures));
        // Ids, versions, times, payloads, metadata and both hashes: the new store's export of the newsroom is the old file but for seq.
        (await ExportedLinks(ledger)).ShouldBe(OldStore.Lines.Select(l => EventLine.Parse(l) with { Seq = 0 }).ToList());
    }

    [Fact]
    public async Task The_story_and_its_claims_read_back_through_the_ledger_and_their_chains_go_on()
    {
        await using var app = new Disposing(await OldStore.Installation());
        var ledger = app.Factory.Store;
        await ImportFile.Import(ledger, OldStore.Export);
        var heads = OldStore.HeadsOf(OldStore.Lines);

        var story = await ledger.Load<Story>(OldStore.Newsroom, OldStore.StoryId);
        story.ShouldNotBeNull();
        (story.Version, story.LastHash).ShouldBe(heads[(OldStore.Newsroom, OldStore.StoryId)]);
        var claims = await ledger.ClaimsOf(OldStore.Newsroom, OldStore.StoryId);
        claims.Count.ShouldBe(OldStore.Claims);
        foreach (var claim in claims)
        {
            JsonSerializer.Serialize((await ledger.Load<Claim>(OldStore.Newsroom, claim.Id))!.State).ShouldBe(JsonSerializer.Serialize(claim.State));
            (claim.Version, claim.LastHash).ShouldBe(heads[(OldStore.Newsroom, claim.Id)]);
        }

        // The accounts came along (the demo's token signs in) and an imported claim takes its next event on its chain.
        var checker = app.Factory.Client(OldStore.FactcheckerToken);
        (await checker.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("name").GetString().ShouldBe(OldStore.FactcheckerName);
        var corrected = await checker.PostAsJsonAsync($"/api/claims/{claims[0].Id}/text", new { text = "Corrected after the move to Marten", reason = "test" });
        corrected.IsSuccessStatusCode.ShouldBeTrue(await corrected.Content.ReadAsStringAsync());
        var after = (await ledger.Load<Claim>(OldStore.Newsroom, claims[0].Id))!;
        after.Version.ShouldBe(claims[0].Version + 1);
        (await ledger.ReadStream(OldStore.Newsroom, claims[0].Id))[^1].PrevHash.ShouldBe(claims[0].LastHash);
        (await ledger.Verify(OldStore.Newsroom)).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task An_interrupted_import_resumed_gives_the_same_heads_and_a_rerun_adds_nothing()
    {
        await using var app = new Disposing(await OldStore.Installation());
        var ledger = app.Factory.Store;
        using var folder = TempDirectory.Create();
        var lines = OldStore.Lines;
        // What an interruption leaves: batches commit whole, so a prefix of the file, with streams cut part-way.
        var cut = await OldStore.Save(folder, lines[..100], "first-part.ndjson");
        (await ImportFile.Check(ledger, cut, partial: false)).Ok.ShouldBeTrue();
        (await ImportFile.Import(ledger, cut)).Imported.ShouldBe(100);

        var resumed = await ImportFile.Import(ledger, OldStore.Export);
        var rerun = await ImportFile.Import(ledger, OldStore.Export);

        (resumed.Imported, resumed.Skipped).ShouldBe((lines.Length - 100, 100));
        (rerun.Imported, rerun.Skipped).ShouldBe((0, lines.Length));
        (await HeadsOfOldNewsroom(ledger)).ShouldBe(Sorted(OldStore.HeadsOf(lines)));
        (await ExportedLinks(ledger)).Count.ShouldBe(lines.Length);
        (await ledger.Verify()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task A_tampered_file_is_refused_and_its_stream_is_not_written()
    {
        await using var app = new Disposing(await OldStore.Installation());
        var ledger = app.Factory.Store;
        using var folder = TempDirectory.Create();
        var lines = OldStore.Lines;
        var victim = EventLine.Parse(lines[80]).Link;
        lines[80] = FlipPayloadLetter(lines[80]);
        var file = await OldStore.Save(folder, lines);

        var check = await ImportFile.Check(ledger, file, partial: false);

        check.Ok.ShouldBeFalse();
        check.Failures.ShouldContain(f => f.StreamId == victim.StreamId && f.Version == victim.Version, string.Join("\n", check.Failures));
        // The writing pass checks each chain again as it reads: even run alone it writes nothing of the broken stream.
        (await Should.ThrowAsync<ImportConflictException>(() => ImportFile.Import(ledger, file))).StreamId.ShouldBe(victim.StreamId);
        (await ledger.ReadStream(victim.Tenant, victim.StreamId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_whose_stream_differs_from_the_stored_one_stops_before_writing_any_of_it()
    {
        await using var app = new Disposing(await OldStore.Installation());
        var ledger = app.Factory.Store;
        using var folder = TempDirectory.Create();
        var lines = OldStore.Lines[..120];
        await ImportFile.Import(ledger, await OldStore.Save(folder, lines, "first.ndjson"));
        // Another history of a stream cut by the first file: its last stored event rewritten, rehashed and carried on.
        var index = Enumerable.Range(0, lines.Length).Last(i => OldStore.Lines.Skip(lines.Length).Any(l => SameStream(l, lines[i])));
        var forked = OldStore.Lines.ToList();
        var stream = EventLine.Parse(forked[index]).Link.StreamId;
        Rehash(forked, index, stream);
        var file = await OldStore.Save(folder, forked, "forked.ndjson");
        var check = await ImportFile.Check(ledger, file, partial: false);
        check.Ok.ShouldBeTrue("the forked file is a valid chain on its own: " + string.Join("\n", check.Failures));
        var before = await ledger.ReadStream(OldStore.Newsroom, stream);

        var conflict = await Should.ThrowAsync<ImportConflictException>(() => ImportFile.Import(ledger, file));

        output.WriteLine(conflict.Message);
        conflict.StreamId.ShouldBe(stream);
        (await ledger.ReadStream(OldStore.Newsroom, stream)).Select(e => e.Hash).ShouldBe(before.Select(e => e.Hash));
    }

    [Fact]
    public async Task A_newsroom_that_exists_here_with_other_history_is_refused()
    {
        // The default first start opens "newsroom", the old export's newsroom too.
        await using var app = new Disposing(new TrackerAppFactory());
        await app.Factory.InitializeAsync();

        var check = await ImportFile.Check(app.Factory.Store, OldStore.Export, partial: false);

        check.Failures.ShouldContain(f => f.Tenant == OldStore.Newsroom && f.Problem.Contains("already exists here"), string.Join("\n", check.Failures));
    }

    /// <summary>One letter of the payload's first string value, as an editor with the file would change it.</summary>
    private static string FlipPayloadLetter(string line)
    {
        var at = line.IndexOf("\": \"", line.IndexOf("\"data\":", StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        while (!char.IsAsciiLetterLower(line[at])) at++;
        return string.Concat(line.AsSpan(0, at), line[at] == 'z' ? "y" : ((char)(line[at] + 1)).ToString(), line.AsSpan(at + 1));
    }

    private static bool SameStream(string a, string b) => EventLine.Parse(a).Link.StreamId == EventLine.Parse(b).Link.StreamId;

    /// <summary>Changes the payload of the line at <paramref name="from"/> and rechains that stream's later lines, as a forger would.</summary>
    private static void Rehash(List<string> lines, int from, Guid stream)
    {
        string? prev = null;
        for (var i = from; i < lines.Count; i++)
        {
            var e = EventLine.Parse(lines[i]);
            if (e.Link.StreamId != stream) continue;
            var link = e.Link;
            if (i == from)
            {
                var data = JsonNode.Parse(link.DataJson)!.AsObject();
                // Free text, which any value reads back as (an enum or an id would not).
                var text = data.First(p => p.Key is "text" or "quote" or "reason" or "summary" or "title" or "note" or "name");
                data[text.Key] = text.Value!.GetValue<string>() + " (another history)";
                link = link with { DataJson = data.ToJsonString() };
            }
            else link = link with { PrevHash = prev! };
            prev = EventHash.Compute(link);
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer)) EventLine.Write(json, new ExportedEvent(e.Seq, link, prev));
            lines[i] = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static async Task<List<KeyValuePair<(string Tenant, Guid Stream), (int Version, string Hash)>>> HeadsOfOldNewsroom(Ledger ledger) =>
        Sorted((await OldStore.HeadsIn(ledger.DataSource)).Where(h => h.Key.Tenant == OldStore.Newsroom).ToDictionary());

    private static List<KeyValuePair<(string Tenant, Guid Stream), (int Version, string Hash)>> Sorted(
        Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)> heads) => [.. heads.OrderBy(h => h.Key.Stream)];

    private static async Task<List<ExportedEvent>> ExportedLinks(Ledger ledger)
    {
        using var export = new MemoryStream();
        await EventsNdjson.Write(ledger.DataSource, new ExportFilter(OldStore.Newsroom), export);
        return System.Text.Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => EventLine.Parse(l) with { Seq = 0 }).ToList();
    }
}

/// <summary>An app factory disposed at the end of a test, as its class fixture would be.</summary>
public sealed class Disposing(TrackerAppFactory factory) : IAsyncDisposable
{
    public TrackerAppFactory Factory => factory;

    public async ValueTask DisposeAsync() => await ((IAsyncLifetime)factory).DisposeAsync();
}
