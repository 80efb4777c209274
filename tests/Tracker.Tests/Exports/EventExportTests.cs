using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tracker.Audit;
using Tracker.Cli;
using Tracker.Commands;
using Tracker.EventStore.Verification;
using Tracker.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Exports;

[CollectionDefinition(Name)]
public sealed class ExportCollection : ICollectionFixture<ExportDesk>
{
    public const string Name = "exports";
}

/// <summary>events.ndjson is the auditor's copy of the ledger: it must verify alone, and any edit to it must show, by stream and version.</summary>
[Collection(ExportCollection.Name)]
public sealed class EventExportTests(ExportDesk desk)
{
    [Fact]
    public async Task An_exported_file_verifies_on_its_own_and_through_the_cli()
    {
        var export = await Export();
        var report = await Verify(export);

        report.Ok.ShouldBeTrue(string.Join("\n", report.Failures));
        report.Events.ShouldBe(Lines(export).Length);
        using var folder = TempDirectory.Create();
        (await TrackerCli.Run(["verify", "--file", await Save(folder, export)])).ShouldBe(0);
        (await TrackerCli.Run(["verify", "--file", await Save(folder, Tampered(export, 3, l => Flip(l, "\"data\":")))])).ShouldBe(1);
    }

    [Fact]
    public async Task Each_line_carries_the_hash_chain_fields_with_payloads_as_stored()
    {
        var line = JsonDocument.Parse(Lines(await Export()).First(l => l.Contains("claim_logged"))).RootElement;

        line.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["seq", "tenant", "streamId", "streamType", "version", "eventId", "type", "recordedAt", "data", "metadata", "prevHash", "hash"]);
        line.GetProperty("tenant").GetString().ShouldBe(ExportDesk.Newsroom);
        line.GetProperty("recordedAt").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
        line.GetProperty("data").GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
        line.GetProperty("metadata").GetProperty("actor").GetString().ShouldNotBeNullOrEmpty();
        line.GetProperty("hash").GetString()!.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Theory]
    [InlineData("\"data\":")]       // a letter of the payload
    [InlineData("\"metadata\":")]   // who did it
    [InlineData("\"hash\":\"")]     // the hash itself
    [InlineData("\"prevHash\":\"")] // the link to the previous event
    [InlineData("\"recordedAt\":\"")] // when it was recorded
    [InlineData("\"eventId\":\"")]
    public async Task Changing_one_character_of_a_line_fails_naming_its_stream_and_version(string where)
    {
        var export = await Export();
        var report = await Verify(Tampered(export, 3, line => Flip(line, where)));

        report.Ok.ShouldBeFalse();
        // The line too, so an auditor can open the file at it.
        var line = IndexOf(Lines(export), 3) + 1;
        report.Failures.ShouldContain(f => f.StreamId == desk.MeetingsClaim && f.Version == 3 && f.Problem.StartsWith($"line {line}: "),
            string.Join("\n", report.Failures));
    }

    [Fact]
    public async Task Dropping_a_line_fails_naming_the_missing_version()
    {
        var lines = Lines(await Export()).ToList();
        lines.RemoveAt(IndexOf(lines, 3));

        var report = await Verify(string.Join('\n', lines));

        report.Failures.ShouldContain(f => f.StreamId == desk.MeetingsClaim && f.Problem.Contains("version 3 is missing"), string.Join("\n", report.Failures));
    }

    [Fact]
    public async Task Swapping_two_versions_of_a_stream_fails_naming_them()
    {
        var lines = Lines(await Export()).ToList();
        var (third, fourth) = (IndexOf(lines, 3), IndexOf(lines, 4));
        (lines[third], lines[fourth]) = (lines[fourth], lines[third]);

        var report = await Verify(string.Join('\n', lines));

        report.Failures.ShouldContain(f => f.StreamId == desk.MeetingsClaim && f.Version == 3 && f.Problem.Contains("out of order"), string.Join("\n", report.Failures));
    }

    [Fact]
    public async Task A_resumed_download_starts_right_after_the_given_seq()
    {
        var all = Lines(await Export());
        var seqs = all.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToList();
        seqs.ShouldBeInOrder(SortDirection.Ascending);
        // Cut in the middle of a stream, so the rest is a fragment of it.
        var streams = all.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("streamId").GetGuid()).ToList();
        var at = Enumerable.Range(all.Length / 2, all.Length / 2 - 1).First(i => streams.Skip(i + 1).Contains(streams[i]));
        var cut = seqs[at];

        var rest = Lines(await Export($"?afterSeq={cut}"));

        rest.ShouldBe(all[(at + 1)..]);
        (await Verify(string.Join('\n', rest), partial: true)).Ok.ShouldBeTrue();
        (await Verify(string.Join('\n', rest), partial: false)).Ok.ShouldBeFalse("a full export starts every stream at version 1");
    }

    [Fact]
    public async Task A_story_export_holds_the_story_and_its_claims_streams_whole()
    {
        var lines = Lines(await Export($"?story={desk.StoryId}"));
        var streams = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("streamId").GetGuid()).ToHashSet();

        streams.ShouldBe([desk.StoryId, desk.MeetingsClaim, desk.FormulaClaim, desk.AwkwardClaim], ignoreOrder: true);
        (await Verify(string.Join('\n', lines))).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task A_time_window_keeps_only_events_recorded_inside_it()
    {
        var times = Lines(await Export()).Select(l => DateTimeOffset.Parse(JsonDocument.Parse(l).RootElement.GetProperty("recordedAt").GetString()!)).ToList();
        var (from, to) = (times[2], times[^3]);

        var window = Lines(await Export($"?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}"));

        window.Length.ShouldBe(times.Count(t => t >= from && t <= to));
        (await Verify(string.Join('\n', window), partial: true)).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task Another_newsroom_exports_none_of_this_ones_events()
    {
        var stranger = (await desk.App.OtherNewsroom(Role.Auditor)).Token();
        var theirs = await desk.App.GetText(stranger, "/api/export/events.ndjson");

        Lines(theirs).ShouldAllBe(l => !l.Contains($"\"tenant\":\"{ExportDesk.Newsroom}\""));
        theirs.ShouldNotContain(desk.StoryId.ToString());
        theirs.ShouldNotContain(desk.MeetingsClaim.ToString());
        await desk.App.Problem(s =>
        {
            s.WithBearerToken(stranger);
            s.Get.Url($"/api/export/events.ndjson?story={desk.StoryId}");
        }, HttpStatusCode.NotFound, "story", "not_found");
    }

    [Fact]
    public async Task A_line_that_holds_a_key_twice_is_refused()
    {
        // The forged first "data" is what a first-value reader shows; the last one, which hashes right, is the original.
        var report = await Verify(Tampered(await Export(), 1, line => "{\"data\":{\"text\":\"four times since April\"}," + line[1..]));

        report.Ok.ShouldBeFalse();
        report.Failures.ShouldContain(f => f.Problem.Contains("not valid JSON") && f.Problem.Contains("data"), string.Join("\n", report.Failures));
    }

    [Fact]
    public async Task An_empty_file_is_no_record_but_an_empty_resumed_download_is_nothing_new()
    {
        var report = await Verify("");
        report.Ok.ShouldBeFalse();
        report.Failures.ShouldHaveSingleItem().Problem.ShouldStartWith("the file holds no events");
        (await Verify("", partial: true)).Ok.ShouldBeTrue("a download resumed after the last event has no lines");
    }

    private async Task<string> Export(string query = "")
    {
        var result = await desk.App.Get(desk.Auditor.Token(), "/api/export/events.ndjson" + query);
        var contentType = result.Context.Response.ContentType;
        contentType.ShouldNotBeNull();
        MediaTypeHeaderValue.Parse(contentType).MediaType.ShouldBe("application/x-ndjson");
        return await result.ReadAsTextAsync();
    }

    private static async Task<VerificationReport> Verify(string export, bool partial = false) =>
        await ExportFileVerifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(export)), partial);

    private static string[] Lines(string export) => export.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private int IndexOf(IReadOnlyList<string> lines, int version) => lines.ToList().FindIndex(l =>
        l.Contains($"\"streamId\":\"{desk.MeetingsClaim}\"") && l.Contains($"\"version\":{version},"));

    private string Tampered(string export, int version, Func<string, string> change)
    {
        var lines = Lines(export);
        var index = IndexOf(lines, version);
        lines[index] = change(lines[index]);
        return string.Join('\n', lines);
    }

    /// <summary>Changes the first letter or digit after <paramref name="marker"/> to another one of its kind.</summary>
    private static string Flip(string line, string marker)
    {
        var start = line.IndexOf(marker, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, marker);
        var at = start + marker.Length;
        while (!char.IsAsciiLetterLower(line[at]) && !char.IsAsciiDigit(line[at])) at++;
        var replacement = line[at] switch { '9' => '8', 'f' => 'e', 'z' => 'y', var c => (char)(c + 1) };
        return string.Concat(line.AsSpan(0, at), replacement.ToString(), line.AsSpan(at + 1));
    }

    private static async Task<string> Save(TempDirectory folder, string export)
    {
        var path = Path.Combine(folder.Path, $"{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(path, export);
        return path;
    }
}
