using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.Stories;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// One database, one tenant per newsroom (Marten's conjoined tenancy). A story of one newsroom is invisible to another
/// by every read the ledger offers, and a write from the other newsroom to the same id starts a story of its own or is
/// refused: it never lands in, or chains from, the first newsroom's stream.
/// </summary>
public sealed class TenancyTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string calgary = Desk.NewNewsroom();
    private readonly string ottawa = Desk.NewNewsroom();
    private readonly Guid story = Guid.CreateVersion7();

    [Fact]
    public async Task Another_newsroom_cannot_read_load_or_time_travel_a_story()
    {
        var (_, retitled) = await CalgaryStory();

        (await db.Ledger.Load<Story>(ottawa, story)).ShouldBeNull();
        // As Wolverine's aggregate handler workflow fetches it for writing, on the other newsroom's session.
        await using (var session = db.Ledger.Store.LightweightSession(ottawa))
            (await session.Events.FetchForExclusiveWriting<Tracker.EventStore.Aggregate<Story>>(story)).Aggregate.ShouldBeNull();
        (await db.Ledger.AggregateStream<Story>(ottawa, story)).ShouldBeNull();
        (await db.Ledger.AggregateStream<Story>(ottawa, story, version: 1)).ShouldBeNull();
        (await db.Ledger.AggregateStream<Story>(ottawa, story, asOf: DateTimeOffset.UtcNow)).ShouldBeNull();
        (await db.Ledger.ReadStream(ottawa, story)).ShouldBeEmpty();
        (await db.Ledger.ReadStream(ottawa, story, toVersion: 1)).ShouldBeEmpty();
        (await db.Ledger.StreamType(ottawa, story)).ShouldBeNull();
        (await db.Ledger.EventsOf(ottawa, [story])).ShouldBeEmpty();
        (await db.Ledger.EventsAt(ottawa, [.. retitled.Events.Select(e => e.Sequence)])).ShouldBeEmpty();
        (await db.Ledger.All<Story>(ottawa)).ShouldBeEmpty();

        // The newsroom that owns it sees it all.
        (await db.Ledger.ReadStream(calgary, story)).Count.ShouldBe(2);
        (await db.Ledger.AggregateStream<Story>(calgary, story, version: 1))!.State.Title.ShouldBe("Alberta separatists and US officials");
    }

    [Fact]
    public async Task Another_newsroom_appending_from_the_storys_head_or_version_is_refused()
    {
        var (_, retitled) = await CalgaryStory();
        var before = await db.Ledger.ReadStream(calgary, story);

        await Should.ThrowAsync<ConcurrencyException>(() => db.Ledger.Append(ottawa, Desk.Retitle(story, "Ottawa's title", retitled.Next)));
        await Should.ThrowAsync<ConcurrencyException>(() => db.Ledger.Append(ottawa, Desk.Retitle(story, "Ottawa's title") with
        {
            Expected = ExpectedVersion.Exactly(2),
        }));

        (await db.Ledger.ReadStream(ottawa, story)).ShouldBeEmpty();
        (await db.Scalar("select count(*) from tracker.mt_streams where tenant_id = $1 and id = $2", ottawa, story)).ShouldBe(0);
        await ShouldBeUntouched(before);
    }

    [Theory]
    [InlineData("opening it")]
    [InlineData("appending to whatever stands there")]
    public async Task Another_newsroom_writing_to_the_same_id_starts_a_story_of_its_own(string how)
    {
        await CalgaryStory();
        var before = await db.Ledger.ReadStream(calgary, story);

        var write = how == "opening it" ? Desk.OpenStory(story, "Ottawa's own story") : Desk.Retitle(story, "Ottawa's own story");
        var result = await db.Ledger.Append(ottawa, write);

        result.Version.ShouldBe(1);
        var own = (await db.Ledger.ReadStream(ottawa, story)).ShouldHaveSingleItem();
        (own.Tenant, own.Version, own.PrevHash).ShouldBe((ottawa, 1, EventHash.Genesis));
        (await db.Ledger.Load<Story>(ottawa, story))!.Version.ShouldBe(1);
        await ShouldBeUntouched(before);
        var report = await db.Ledger.Verify(ottawa);
        (report.Ok, report.Streams, report.Events).ShouldBe((true, 1, 1), string.Join("; ", report.Failures));
    }

    /// <summary>Calgary's story: opened, then retitled.</summary>
    private async Task<(AppendResult Opened, AppendResult Retitled)> CalgaryStory()
    {
        var opened = await db.Ledger.Append(calgary, Desk.OpenStory(story));
        return (opened, await db.Ledger.Append(calgary, Desk.Retitle(story, "US officials met Alberta separatists", opened.Next)));
    }

    private async Task ShouldBeUntouched(IReadOnlyList<StoredEvent> before)
    {
        (await db.Ledger.ReadStream(calgary, story)).Select(e => (e.Sequence, e.Hash)).ShouldBe(before.Select(e => (e.Sequence, e.Hash)));
        var snapshot = (await db.Ledger.Load<Story>(calgary, story))!;
        (snapshot.Version, snapshot.LastHash, snapshot.State.Title).ShouldBe((2, before[^1].Hash, "US officials met Alberta separatists"));
        var report = await db.Ledger.Verify(calgary);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }
}
