using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Stories;
using Tracker.Tests.Support;

namespace Tracker.Tests.Store;

/// <summary>
/// A commit that stalls while others go through must still be projected, once: with Quick appends Marten's high-water
/// mark waits for the open transaction instead of skipping its sequence numbers (Rich appends skipped it here).
/// </summary>
public sealed class NoSkippedEventsTests : IAsyncLifetime
{
    private readonly SeenEvents seen = new("no_skip_seen");
    private readonly TrackerAppFactory app;

    public NoSkippedEventsTests() => app = new TrackerAppFactory { TestServices = services => services.AddSingleton<ISqlProjection>(seen) };

    public Task InitializeAsync() => app.InitializeAsync();

    [Fact(Timeout = 90_000)]
    public async Task An_append_held_open_for_eight_seconds_while_others_commit_is_projected_exactly_once()
    {
        var ledger = app.Store;
        var held = Guid.CreateVersion7();
        await using var conn = await ledger.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Takes its sequence numbers now, commits in eight seconds.
        await ledger.Append("newsroom", [Opening(held, "Held open")], null, default, tx);

        // Others keep committing for eight seconds, well past the three the daemon waits before it gives a gap up.
        var until = DateTime.UtcNow.AddSeconds(8);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            await ledger.Append("newsroom", Opening(Guid.CreateVersion7(), $"Committed meanwhile {i}"));
            await Task.Delay(100);
        }
        (await Scalar("select count(*) from tracker.mt_high_water_skips")).ShouldBe(0, "no skip while the held transaction lives");
        await tx.CommitAsync();

        await app.ProjectionsCaughtUp();
        var events = await Scalar("select count(*) from tracker.mt_events where type <> 'tombstone'");
        (await Scalar($"select count(*) from {seen.Table}")).ShouldBe(events, "every event projected, none twice");
        (await Scalar($"select count(distinct event_id) from {seen.Table}")).ShouldBe(events);
        (await Scalar($"select count(*) from {seen.Table} s join tracker.mt_events e on e.id = s.event_id where e.stream_id = '{held}'")).ShouldBe(1);
        // A skip Marten records after the held transaction committed loses nothing (SeenEvents.LostToSkips); none may lose an event.
        (await Scalar(seen.LostToSkips)).ShouldBe(0, "no event lost to a skip");
    }

    [Fact(Timeout = 90_000)]
    public async Task An_append_that_rolled_back_leaves_a_gap_the_daemon_skips_losing_nothing_and_health_reports()
    {
        var ledger = app.Store;
        await ledger.Append("newsroom", Opening(Guid.CreateVersion7(), "Before the rollback"));
        await using (var conn = await ledger.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // Two events take two numbers, then the transaction rolls back: no event will ever hold them.
            await ledger.Append("newsroom", [Opening(Guid.CreateVersion7(), "Rolled back", events: 2)], null, default, tx);
            await tx.RollbackAsync();
        }
        await ledger.Append("newsroom", Opening(Guid.CreateVersion7(), "After the rollback"));

        // The daemon waits its 3 s, finds no live transaction that could fill the gap, and goes past it.
        await app.ProjectionsCaughtUp();
        (await Scalar($"select count(*) from {seen.Table}")).ShouldBe(await Scalar("select count(*) from tracker.mt_events where type <> 'tombstone'"));
        var health = await (await app.Scenario(s => s.Get.Url("/health"))).ReadAs<System.Text.Json.JsonElement>();
        health.GetProperty("skippedGaps").GetInt64().ShouldBe(1, "the rolled-back append's numbers, one gap");
        health.GetProperty("lastSkipAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    private static StreamAppend Opening(Guid id, string title, int events = 1) =>
        new(id, StoryEventTypes.StreamType, ExpectedVersion.NoStream,
            [new StoryOpened(title, "A story"), .. Enumerable.Range(1, events - 1).Select(i => new StoryRetitled($"{title}, take {i + 1}"))],
            new EventMetadata("test <00000000-0000-0000-0000-000000000000>"));

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)app).DisposeAsync();
}
