using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.Stories;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Every stream is a hash chain, exactly as docs/audit.md defines it, so that an export verifies with nothing but the
/// page and Python. Marten stores the fields in its own columns and headers; read back, they must hash the same.
/// </summary>
public sealed class HashChainTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact]
    public async Task A_storys_appends_chain_from_64_zeros_and_verify_and_EventHash_agree_on_every_link()
    {
        var story = Guid.CreateVersion7();
        var opened = await db.Ledger.Append(newsroom, Desk.OpenStory(story));
        var retitled = await db.Ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists", opened.Next));
        // Without a head the ledger reads where the story stands; with one it trusts the writer's.
        await db.Ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists three times"));
        var last = await db.Ledger.Append(newsroom, new StreamAppend(story, StoryEventTypes.StreamType, ExpectedVersion.Exactly(3),
            [new StorySummaryRevised("Meetings reported by the FT, confirmed by State"), new StoryClosed("Published")], Desk.Ada));

        var links = await StoredLinks.Of(db, newsroom, story);
        links.ShouldChain(events: 5);
        retitled.LastHash.ShouldBe(links[1].Hash);
        last.LastHash.ShouldBe(links[4].Hash);
        (await db.Ledger.Load<Story>(newsroom, story))!.LastHash.ShouldBe(links[4].Hash, "the snapshot keeps the head a writer chains from");
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }

    [Fact]
    public async Task The_example_in_audit_md_hashes_to_the_hash_it_gives()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "audit.md"));
        var text = page.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("{\"data\":", StringComparison.Ordinal));
        var hash = page[(page.IndexOf("to `", page.IndexOf(text, StringComparison.Ordinal), StringComparison.Ordinal) + 4)..][..64];
        var e = JsonDocument.Parse(text).RootElement;
        var link = new ChainLink(e.GetProperty("tenant").GetString()!, e.GetProperty("streamId").GetGuid(), e.GetProperty("streamType").GetString()!,
            e.GetProperty("version").GetInt32(), e.GetProperty("eventId").GetGuid(), e.GetProperty("type").GetString()!,
            DateTimeOffset.Parse(e.GetProperty("recordedAt").GetString()!), e.GetProperty("data").GetRawText(),
            e.GetProperty("metadata").GetRawText(), e.GetProperty("prevHash").GetString()!);

        EventHash.Canonical(link).ShouldBe(text);
        EventHash.Compute(link).ShouldBe(hash);
        EventHash.ComputeCanonical(link).ShouldBe(hash, "the writer's fast path hashes the same bytes");
    }

    [Fact]
    public async Task A_stored_claim_hashes_exactly_the_text_audit_md_prescribes()
    {
        var (claim, story) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (correlation, causation) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var by = new EventMetadata("Ada Okafor <factchecker>", "first report", correlation, causation, "desk-7f3a");
        await db.Ledger.Append(newsroom, Desk.LogClaim(claim, story, "Rath said \"three meetings\"\nsince April – café", by));

        var (link, hash) = (await StoredLinks.Of(db, newsroom, claim)).ShouldHaveSingleItem();
        // Keys sorted, no whitespace, only JSON's own escapes, UTF-8 as is, null members left out (claimedAt).
        var expected =
            $$"""{"data":{"storyId":"{{story}}","text":"Rath said \"three meetings\"\nsince April – café"},"eventId":"{{link.EventId}}","metadata":{"actor":"Ada Okafor <factchecker>","causationId":"{{causation}}","correlationId":"{{correlation}}","idempotencyKey":"desk-7f3a","reason":"first report"},"prevHash":"{{EventHash.Genesis}}","recordedAt":"{{link.RecordedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}}","streamId":"{{claim}}","streamType":"claim","tenant":"{{newsroom}}","type":"claim_logged","version":1}""";
        EventHash.Canonical(link).ShouldBe(expected);
        hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected))));
    }

    /// <summary>
    /// Marten fills a session's correlation and causation from the current Activity (a web request's trace); those
    /// columns hold hashed metadata here, so an event must carry exactly what was hashed, not the trace ids.
    /// </summary>
    [Fact]
    public async Task A_claim_logged_while_a_request_is_traced_still_verifies()
    {
        var (quiet, told) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var correlation = Guid.CreateVersion7();
        using var request = new Activity("POST /api/stories/{id}/claims").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var handler = new Activity("LogClaim").SetIdFormat(ActivityIdFormat.W3C).Start();
        Activity.Current.ShouldBe(handler);
        handler.ParentId.ShouldNotBeNull();

        await db.Ledger.Append(newsroom, Desk.LogClaim(quiet, Guid.CreateVersion7(), "About 30% support sovereignty"));
        await db.Ledger.Append(newsroom, Desk.LogClaim(told, Guid.CreateVersion7(), "Only 19% would vote to separate",
            Desk.Ada with { CorrelationId = correlation }));

        (await Columns(quiet)).ShouldBe((null, null));
        (await Columns(told)).ShouldBe((correlation.ToString("D"), null));
        (await db.Ledger.ReadStream(newsroom, told)).Single().Metadata.ShouldBe(Desk.Ada with { CorrelationId = correlation });
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }

    [Fact]
    public async Task Linking_a_claim_to_its_story_in_one_append_chains_each_stream_on_its_own()
    {
        var (story, claim, other) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var opened = await db.Ledger.Append(newsroom, Desk.OpenStory(story));
        var source = Guid.CreateVersion7();
        var results = await db.Ledger.Append(newsroom,
        [
            Desk.Retitle(story, "US officials met Alberta separatists three times", opened.Next),
            new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
                [new ClaimLogged(story, "APP leaders met State Department officials three times", null),
                 new AttributionAdded(Guid.CreateVersion7(), source, AttributionRole.Reporter, "three meetings", null, null)], Desk.Ada),
            Desk.LogClaim(other, story, "About 30% support sovereignty"),
        ], null);

        results.Select(r => (r.StreamId, r.Version)).ShouldBe([(story, 2), (claim, 2), (other, 1)], "results in the order given");
        var storyLinks = await StoredLinks.Of(db, newsroom, story);
        storyLinks.ShouldChain(events: 2);
        storyLinks[1].Link.PrevHash.ShouldBe(opened.LastHash);
        (await StoredLinks.Of(db, newsroom, claim)).ShouldChain(events: 2);
        (await StoredLinks.Of(db, newsroom, other)).ShouldChain(events: 1);
        results.Select(r => r.LastHash).ShouldBeUnique();
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }

    private async Task<(string? Correlation, string? Causation)> Columns(Guid stream)
    {
        await using var cmd = db.DataSource.CreateCommand("select correlation_id, causation_id from tracker.mt_events where stream_id = $1");
        cmd.Parameters.Add(new() { Value = stream });
        await using var reader = await cmd.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tracker.sln"))) dir = dir.Parent;
        return dir.ShouldNotBeNull("Tracker.sln not found above the test binaries").FullName;
    }
}
