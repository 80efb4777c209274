using Tracker.EventStore;
using Tracker.Stories;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// The replay view: a story as it stood at a version or at a moment (both inclusive) is exactly the fold of its events
/// up to there, and before its first event there was nothing.
/// </summary>
public sealed class TimeTravelTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset Nine = new(2026, 1, 29, 9, 0, 0, TimeSpan.Zero);
    private readonly string newsroom = Desk.NewNewsroom();
    private readonly Guid story = Guid.CreateVersion7();

    [Fact]
    public async Task A_story_at_each_version_is_the_fold_of_its_events_up_to_that_version()
    {
        var events = await StoryOverAMorning();

        for (var version = 1; version <= events.Count; version++)
        {
            var then = (await db.Ledger.AggregateStream<Story>(newsroom, story, version: version)).ShouldNotBeNull();
            ShouldBeTheFold(then, events.Take(version));
        }
        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story))!, events);
        (await db.Ledger.Load<Story>(newsroom, story))!.State.ShouldBe(Fold(events), "the snapshot is the fold of all of them");
    }

    [Fact]
    public async Task A_story_at_a_moment_includes_what_was_recorded_at_that_very_moment_and_nothing_after()
    {
        var events = await StoryOverAMorning();
        events.Select(e => e.RecordedAt).ShouldBe([Nine, Nine.AddHours(1), Nine.AddHours(2), Nine.AddHours(2)], "the times the ledger hashed");

        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine))!, events.Take(1));
        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine.AddHours(1).AddTicks(-10)))!, events.Take(1));
        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine.AddHours(1)))!, events.Take(2));
        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine.AddHours(1.5)))!, events.Take(2));
        ShouldBeTheFold((await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine.AddHours(2)))!, events);
        (await db.Ledger.ReadStream(newsroom, story, asOf: Nine.AddHours(1))).Select(e => e.Version).ShouldBe([1, 2]);

        (await db.Ledger.AggregateStream<Story>(newsroom, story, asOf: Nine.AddTicks(-10))).ShouldBeNull("nothing was there before it was opened");
        (await db.Ledger.ReadStream(newsroom, story, asOf: Nine.AddTicks(-10))).ShouldBeEmpty();
    }

    /// <summary>Opened at nine, retitled at ten, its summary revised and the story closed together at eleven.</summary>
    private async Task<IReadOnlyList<StoredEvent>> StoryOverAMorning()
    {
        var clock = new ManualClock(Nine);
        var ledger = db.LedgerOn(db.Store, clock);
        var opened = await ledger.Append(newsroom, Desk.OpenStory(story));
        clock.Advance(TimeSpan.FromHours(1));
        var retitled = await ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists", opened.Next));
        clock.Advance(TimeSpan.FromHours(1));
        await ledger.Append(newsroom, new StreamAppend(story, StoryEventTypes.StreamType, ExpectedVersion.Exactly(2),
            [new StorySummaryRevised("Three meetings, confirmed by State"), new StoryClosed("Published")], Desk.Ada) { Head = retitled.Next });
        return await db.Ledger.ReadStream(newsroom, story);
    }

    private static Story Fold(IEnumerable<StoredEvent> events) => events.Aggregate(Story.Initial, Story.Evolve);

    private static void ShouldBeTheFold(Aggregate<Story> then, IEnumerable<StoredEvent> upTo)
    {
        var events = upTo.ToList();
        then.State.ShouldBe(Fold(events));
        (then.Version, then.LastHash).ShouldBe((events[^1].Version, events[^1].Hash));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
