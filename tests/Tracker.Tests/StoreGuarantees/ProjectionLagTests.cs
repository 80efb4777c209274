using Marten;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Store;
using Tracker.Tests.Resilience;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// The pending events /health and /metrics report: counted exactly while few, bounded by the sequence once many (a count
/// of millions every few seconds on every node would load the database exactly when it is busiest), and never counting
/// sequence numbers no committed event holds.
/// </summary>
public sealed class ProjectionLagTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact(Timeout = 120_000)]
    public async Task Pending_events_are_counted_while_few_bounded_by_the_sequence_when_many_and_a_gap_alone_is_not_pending()
    {
        var story = Guid.CreateVersion7();
        await db.Ledger.Append(newsroom, Desk.OpenStory(story));
        await db.Ledger.Append(newsroom, Desk.LogClaim(Guid.CreateVersion7(), story, "Alberta separatists met US State Department officials"));
        // Five appends that rolled back: numbers taken, no events.
        await db.Execute("select nextval('tracker.mt_events_sequence') from generate_series(1, 5)");
        // Both events are counted by the projection that has not started (no daemon runs yet), with the oldest wait.
        foreach (var lag in await db.Ledger.ProjectionLag())
        {
            lag.PendingEvents.ShouldBe(2, lag.Name);
            lag.OldestPendingAge.ShouldNotBeNull(lag.Name);
        }

        await db.Ledger.BulkAppend(newsroom, Enumerable.Range(0, 100).Select(i => Claim(story, i)).ToList());
        var rows = await db.Scalar("select count(*) from tracker.mt_events");
        rows.ShouldBe(10_002);
        var handedOut = await db.Scalar("select last_value from tracker.mt_events_sequence");
        handedOut.ShouldBe(rows + 5);
        foreach (var lag in await db.Ledger.ProjectionLag())
        {
            lag.PendingEvents.ShouldBe(handedOut, $"{lag.Name}: beyond {Ledger.PendingCountedUpTo} the last number handed out, not a count");
            lag.PendingEvents.ShouldBeGreaterThanOrEqualTo(rows, $"{lag.Name}: an upper bound never under-reports");
        }

        // Caught up, then numbers taken that no committed event holds (what appends that roll back leave), more of them
        // than are ever counted: nothing is pending and nothing waits.
        using var daemon = await db.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await Eventually.Until(async () => (await db.Ledger.ProjectionLag()).All(l => l.PendingEvents == 0), TimeSpan.FromSeconds(60),
            "the daemon catches up");
        await daemon.StopAllAsync();
        await db.Execute("select nextval('tracker.mt_events_sequence') from generate_series(1, 10001)");
        foreach (var lag in await db.Ledger.ProjectionLag())
        {
            lag.PendingEvents.ShouldBe(0, lag.Name);
            lag.OldestPendingAge.ShouldBeNull(lag.Name);
        }
    }

    private static StreamAppend Claim(Guid story, int i) => new(Guid.CreateVersion7(), ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
        [new ClaimLogged(story, $"Claim {i} about the Alberta referendum", null),
            .. Enumerable.Range(2, 99).Select(v => new ClaimTextCorrected($"Claim {i} about the Alberta referendum, wording {v}", "Checked against the recording"))],
        Desk.Ada);
}
