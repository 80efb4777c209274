using Microsoft.Extensions.Logging.Abstractions;
using Tracker.EventStore.Tests.Store;
using Tracker.Testing;

namespace Tracker.EventStore.Tests.Projections;

public sealed class DaemonTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Eight_writers_with_rollbacks_and_slow_transactions_are_seen_exactly_once_in_commit_order()
    {
        var seen = new SeenEvents("seen_race");
        var store = await db.Store(configure: o =>
        {
            o.InlineProjections.Add(new Saboteur());
            o.AsyncProjections.Add(seen);
        });
        var daemon = new ProjectionDaemon(store, NullLogger<ProjectionDaemon>.Instance) { IdlePoll = TimeSpan.FromMilliseconds(100) };
        await daemon.StartAsync(CancellationToken.None);

        var committed = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var text = (i % 7, w % 3) switch { (3, _) => "rollback", (5, 0) => "slow", _ => "note" } + $" {w}/{i}";
                try
                {
                    var result = await store.Append("desk", new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream,
                        [new NoteTaken(text), new NoteTaken(text + " again")], EventMetadata.None));
                    foreach (var e in result.Events) committed.Add(e.Id);
                }
                catch (InvalidOperationException) { }
            }
        }));
        await Task.WhenAll(writers);

        await WaitUntil(async () => await db.Scalar("select count(*) from tracker.seen_race") >= committed.Count, TimeSpan.FromSeconds(30));
        await daemon.StopAsync(CancellationToken.None);

        var seenIds = await Ids("select event_id from tracker.seen_race");
        seenIds.Count.ShouldBe(committed.Count, "each committed event exactly once");
        seenIds.ToHashSet().SetEquals(committed).ShouldBeTrue("no rolled-back event, no committed one missing");
        (await db.Scalar("select count(*) from tracker.events where data->>'text' like 'rollback%'")).ShouldBe(0);
        committed.Count.ShouldBeGreaterThan(200);
    }

    [Fact]
    public async Task A_rebuild_replays_from_the_start_to_the_same_read_model()
    {
        var seen = new SeenEvents("seen_rebuild");
        var store = await StoreWithNotes(seen, 30);
        var runner = new ProjectionRunner(store, seen, batchSize: 7, catchUpBatchSize: 7);
        var first = await runner.CatchUp();
        first.ShouldBe(await db.Scalar("select count(*) from tracker.events"));
        var before = await Ids("select event_id from tracker.seen_rebuild order by seq");

        await runner.Reset();
        (await db.Scalar("select count(*) from tracker.seen_rebuild")).ShouldBe(0);
        (await runner.CatchUp()).ShouldBe(first);
        (await Ids("select event_id from tracker.seen_rebuild order by seq")).ShouldBe(before);
        (await store.ProjectionLag()).Single(l => l.Name == "seen_rebuild").PendingEvents.ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_commits_without_waiting_for_the_WAL_flush_and_leaves_the_session_as_it_was()
    {
        // The test cluster runs with synchronous_commit off; this store's sessions run with it on, as an installation does.
        await using var durable = Npgsql.NpgsqlDataSource.Create(
            new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Options = "-c synchronous_commit=on" }.ConnectionString);
        var settings = new CommitSettings();
        var store = await db.Store(configure: o => o.AsyncProjections.Add(settings), dataSource: durable);
        for (var i = 0; i < 3; i++)
            await store.Append("flush", new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream, [new NoteTaken($"n{i}")], EventMetadata.None));

        (await new ProjectionRunner(store, settings, catchUpBatchSize: 1).CatchUp()).ShouldBeGreaterThanOrEqualTo(3);

        settings.InBatch.ShouldAllBe(s => s == "off");
        settings.InBatch.Count.ShouldBeGreaterThanOrEqualTo(3);
        await using var cmd = durable.CreateCommand("show synchronous_commit");
        (await cmd.ExecuteScalarAsync()).ShouldBe("on", "set for the batch's transaction only");
    }

    /// <summary>Writes nothing; notes the commit setting each batch runs under.</summary>
    private sealed class CommitSettings : IAsyncProjection
    {
        public List<string> InBatch { get; } = [];
        public string Name => "commit_settings";
        public Task EnsureSchema(Npgsql.NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;
        public Task Reset(Npgsql.NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;

        public async Task Apply(Npgsql.NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
        {
            await using var cmd = new Npgsql.NpgsqlCommand("show synchronous_commit", conn);
            InBatch.Add((string)(await cmd.ExecuteScalarAsync(ct))!);
        }
    }

    /// <summary>A store with <paramref name="seen"/> registered and <paramref name="notes"/> one-event notebooks appended.</summary>
    private async Task<PostgresEventStore> StoreWithNotes(SeenEvents seen, int notes)
    {
        var store = await db.Store(configure: o => o.AsyncProjections.Add(seen));
        for (var i = 0; i < notes; i++)
            await store.Append("desk", new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream, [new NoteTaken($"n{i}")], EventMetadata.None));
        return store;
    }

    [Fact]
    public async Task A_runner_that_keeps_its_checkpoint_notices_a_rebuild_and_starts_again_from_the_start()
    {
        var seen = new SeenEvents("seen_kept");
        var store = await StoreWithNotes(seen, 10);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var daemonRunner = new ProjectionRunner(store, seen, batchSize: 4);
        (await daemonRunner.RunBatch(conn, default)).ShouldBe(4);

        // A rebuild elsewhere clears the read model and zeroes the checkpoint this runner remembers as 4 events on.
        await new ProjectionRunner(store, seen).Reset();
        (await daemonRunner.RunBatch(conn, default)).ShouldBe(0, "the guarded checkpoint update refuses a batch from the old position");
        while (await daemonRunner.RunBatch(conn, default) > 0) { }

        (await db.Scalar("select count(*) from tracker.seen_kept")).ShouldBe(await db.Scalar("select count(*) from tracker.events"));
        (await db.Scalar("select count(distinct event_id) from tracker.seen_kept")).ShouldBe(await db.Scalar("select count(*) from tracker.events"));
    }

    [Fact]
    public async Task Of_two_daemons_only_one_runs_a_projection_and_the_other_takes_over_when_it_stops()
    {
        var store = await db.Store(configure: o => o.AsyncProjections.Add(new SeenEvents("seen_nodes")));
        var one = new ProjectionDaemon(store, NullLogger<ProjectionDaemon>.Instance) { StandbyPoll = TimeSpan.FromMilliseconds(200) };
        var two = new ProjectionDaemon(store, NullLogger<ProjectionDaemon>.Instance) { StandbyPoll = TimeSpan.FromMilliseconds(200) };
        await one.StartAsync(CancellationToken.None);
        await WaitUntil(() => Task.FromResult(one.Roles.GetValueOrDefault("seen_nodes") == ProjectionRole.Running), TimeSpan.FromSeconds(10));
        await two.StartAsync(CancellationToken.None);
        await WaitUntil(() => Task.FromResult(two.Roles.GetValueOrDefault("seen_nodes") == ProjectionRole.Standby), TimeSpan.FromSeconds(10));

        await one.StopAsync(CancellationToken.None);
        await WaitUntil(() => Task.FromResult(two.Roles.GetValueOrDefault("seen_nodes") == ProjectionRole.Running), TimeSpan.FromSeconds(10));
        await store.Append("desk", new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream, [new NoteTaken("after takeover")], EventMetadata.None));
        await WaitUntil(async () => (await store.ProjectionLag()).Single(l => l.Name == "seen_nodes").PendingEvents == 0, TimeSpan.FromSeconds(10));
        await two.StopAsync(CancellationToken.None);
    }

    private async Task<List<Guid>> Ids(string sql)
    {
        var ids = new List<Guid>();
        await using var cmd = db.DataSource.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met within {limit}.");
            await Task.Delay(50);
        }
    }
}
