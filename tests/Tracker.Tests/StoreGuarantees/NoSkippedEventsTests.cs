using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tracker.Store;
using Tracker.Testing;
using Tracker.Tests.Resilience;
using Tracker.Tests.Support;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>The app's store with one more async projection, which writes down every event Marten's daemon gives it.</summary>
public sealed class CountingLedgerFixture : LedgerFixture
{
    public SeenEvents Seen { get; } = new("store_seen");

    protected override IReadOnlyList<ISqlProjection> Projections => [.. Features.AsyncProjections(), Seen];
}

/// <summary>
/// An append that stalls while later appends commit. Marten's daemon must never skip its events for good: while its
/// transaction lives the high-water mark waits and records no skip, and in the end every event is projected exactly
/// once. This is what Quick appends buy over Rich ones (architecture.md): Rich takes its sequence numbers before the
/// transaction begins, so a stall there leaves a gap no live transaction backs, which the daemon skips after 3 s.
/// </summary>
public sealed class NoSkippedEventsTests(CountingLedgerFixture db) : IClassFixture<CountingLedgerFixture>
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(8);
    private readonly string newsroom = Desk.NewNewsroom();
    private readonly Guid story = Guid.CreateVersion7();
    private readonly ListLogger daemonLog = new();

    [Fact(Timeout = 90_000)]
    public async Task A_retitle_whose_transaction_stays_open_eight_seconds_after_taking_its_sequence_number_is_projected_once()
    {
        using var daemon = await db.Store.BuildProjectionDaemonAsync(logger: daemonLog);
        await daemon.StartAllAsync();
        await db.Ledger.Append(newsroom, Desk.OpenStory(story));

        // Another desk holds the story's snapshot row: the retitle's events go in, taking their sequence number, then
        // its snapshot update waits on the lock with the transaction open.
        await using var desk = await db.DataSource.OpenConnectionAsync();
        await using var hold = await desk.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"select 1 from tracker.mt_doc_story where tenant_id = '{newsroom}' and id = '{story}' for update", desk))
            await lockRow.ExecuteNonQueryAsync();
        var committed = await db.HighestCommitted();
        var stalled = db.Ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists three times"));
        await Eventually.Until(async () => await db.Scalar("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0,
            TimeSpan.FromSeconds(10), "the retitle waits on the snapshot lock");
        (await db.Scalar("select last_value from tracker.mt_events_sequence")).ShouldBeGreaterThan(committed, "the stalled retitle holds a sequence number");

        var claims = await ClaimsLoggedMeanwhile();
        (await Projected(claims)).ShouldBe(0, "the high-water mark waits below the open transaction's sequence number");
        // Only this test's numbers: the class's other test shares the database.
        await ShouldBe(await db.Scalar("select count(*) from tracker.mt_high_water_skips where ending_sequence > $1", committed), 0,
            "no skip over the retitle's numbers while its transaction lives");
        await hold.RollbackAsync();
        await stalled;

        (await db.Scalar("select seq_id from tracker.mt_events where stream_id = $1 and version = 2", story))
            .ShouldBeLessThan(await db.Scalar("select max(seq_id) from tracker.mt_events where stream_id = any($1)", claims), "claims committed past the retitle");
        await ShouldProjectEveryEventOnce();
        await daemon.StopAllAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task A_retitle_that_stalls_eight_seconds_between_preparing_and_committing_is_projected_once()
    {
        var stall = new StallBeforeCommit(story);
        using var stalling = db.OpenStore(also: o => o.Listeners.Add(stall));
        var ledger = db.LedgerOn(stalling);
        using var daemon = await db.Store.BuildProjectionDaemonAsync(logger: daemonLog);
        await daemon.StartAllAsync();
        await ledger.Append(newsroom, Desk.OpenStory(story));

        stall.Armed = true;
        var stalled = ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists three times"));
        await stall.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await ClaimsLoggedMeanwhile();
        stall.Release.SetResult();
        await stalled;

        await ShouldProjectEveryEventOnce();
        await daemon.StopAllAsync();
    }

    /// <summary>Claims on other streams commit while the retitle stalls, for as long as the stall lasts.</summary>
    private async Task<Guid[]> ClaimsLoggedMeanwhile()
    {
        var claims = Enumerable.Range(1, 10).Select(_ => Guid.CreateVersion7()).ToArray();
        var until = DateTime.UtcNow + Stall;
        foreach (var (claim, i) in claims.Select((c, i) => (c, i + 1)))
            await db.Ledger.Append(newsroom, Desk.LogClaim(claim, story, $"Claim {i} of the FT report"));
        await Task.Delay(until - DateTime.UtcNow);
        return claims;
    }

    private Task<long> Projected(Guid[] streams) =>
        db.Scalar($"select count(*) from {db.Seen.Table} s join tracker.mt_events e on e.id = s.event_id where e.stream_id = any($1)", streams);

    private async Task ShouldProjectEveryEventOnce()
    {
        var events = await db.Scalar("select count(*) from tracker.mt_events where tenant_id = $1 and type <> 'tombstone'", newsroom);
        var seen = $"select count(*) from {db.Seen.Table} s join tracker.mt_events e on e.id = s.event_id where e.tenant_id = $1";
        await Eventually.Until(async () => await db.Scalar($"select max(seq_id) from tracker.mt_events") <= await db.Ledger.ProjectionPosition(db.Seen.Name),
            TimeSpan.FromSeconds(30), "the daemon passes every event");

        await ShouldBe(await db.Scalar(seen, newsroom), events, "each event of the newsroom projected exactly once");
        (await db.Scalar(seen.Replace("count(*)", "count(distinct s.event_id)"), newsroom)).ShouldBe(events);
        (await db.Scalar("select count(*) from tracker.mt_events where stream_id = $1", story)).ShouldBe(2);
        // Once the stalled transaction has committed, Marten may still record a skip over its range: its gap check saw
        // the gap, its liveness check then found nobody, because the commit came between the two. That skip loses nothing.
        await ShouldBe(await db.Scalar(db.Seen.LostToSkips), 0, "no event lost to a skip");
    }

    /// <summary>An assertion whose failure carries what it needs to be read (<see cref="SkipsAndProgress"/>).</summary>
    private async Task ShouldBe(long actual, long expected, string what)
    {
        if (actual != expected) actual.ShouldBe(expected, $"{what}. {await SkipsAndProgress()}");
    }

    /// <summary>What a failure needs to be read: the skips Marten recorded, its progress rows, the sequence numbers committed and the daemon's log.</summary>
    private async Task<string> SkipsAndProgress()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var lines = new List<string>();
        foreach (var sql in new[]
                 {
                     "select concat_ws(' ', starting_sequence, '->', ending_sequence, 'at', timestamp) from tracker.mt_high_water_skips",
                     "select concat_ws(' ', name, last_seq_id, last_updated) from tracker.mt_event_progression order by name",
                     "select concat_ws(' ', 'sequence', last_value, 'called', is_called) from tracker.mt_events_sequence",
                     "select concat_ws(' ', seq_id, type, 'v' || version, timestamp) from tracker.mt_events order by seq_id",
                 })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            lines.Add("--");
        }
        lines.AddRange(daemonLog.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => $"{e.Level}: {e.Message}"));
        return "Marten's skips, progress, sequence, events and daemon log:\n" + string.Join("\n", lines);
    }

    /// <summary>Holds the session that appends to one stream after Marten has prepared its events, before its batch runs.</summary>
    private sealed class StallBeforeCommit(Guid stream) : DocumentSessionListenerBase
    {
        public volatile bool Armed;
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (!Armed || !session.PendingChanges.Streams().Any(s => s.Id == stream)) return;
            Reached.TrySetResult();
            await Release.Task;
        }
    }
}
