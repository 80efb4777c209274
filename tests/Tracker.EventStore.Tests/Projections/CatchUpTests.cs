using Npgsql;
using Tracker.EventStore.Tests.Store;

namespace Tracker.EventStore.Tests.Projections;

public sealed class CatchUpTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task The_next_batch_is_folded_while_the_last_one_is_being_written_and_every_event_lands_once_in_order()
    {
        var projection = new Folding("folding_overlap");
        var store = await StoreWith(projection, notes: 30);

        var events = await db.Scalar("select count(*) from tracker.events");

        (await new ProjectionRunner(store, projection, catchUpBatchSize: 7).CatchUp()).ShouldBe(events);

        (await db.Column<long>("select seq from tracker.folding_overlap order by seq")).ShouldBe(await db.Column<long>("select seq_id from tracker.events order by seq_id"));
        // Every write but the last saw the next batch folded before it finished.
        projection.Overlapped.Count.ShouldBe((int)(events + 6) / 7);
        projection.Overlapped.SkipLast(1).ShouldAllBe(overlapped => overlapped);
        projection.Overlapped[^1].ShouldBeFalse();
    }

    [Fact]
    public async Task A_write_that_fails_throws_away_the_batch_folded_after_it_and_a_new_run_resumes_from_the_last_landed()
    {
        var projection = new Folding("folding_failure") { FailWrite = 2 };
        var store = await StoreWith(projection, notes: 30);

        await Should.ThrowAsync<InvalidOperationException>(() => new ProjectionRunner(store, projection, catchUpBatchSize: 7).CatchUp());
        (await db.Scalar("select count(*) from tracker.folding_failure")).ShouldBe(14, "the two batches before the failure");

        projection.FailWrite = null;
        (await new ProjectionRunner(store, projection, catchUpBatchSize: 7).CatchUp()).ShouldBe(await db.Scalar("select count(*) from tracker.events") - 14);
        (await db.Column<long>("select seq from tracker.folding_failure order by seq")).ShouldBe(await db.Column<long>("select seq_id from tracker.events order by seq_id"));
    }

    private async Task<PostgresEventStore> StoreWith(Folding projection, int notes)
    {
        var store = await db.Store(configure: o => o.AsyncProjections.Add(projection));
        for (var i = 0; i < notes; i++)
            await store.Append("desk", new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream, [new NoteTaken($"n{i}")], EventMetadata.None));
        // The runner reads only events older than every open transaction of the cluster, where other test classes run
        // too: wait until all are, so every batch but the last is full and the batch counts above hold.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Scalar("select count(*) from tracker.events where tx_id >= pg_snapshot_xmin(pg_current_snapshot())") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Events stayed behind an open transaction.");
            await Task.Delay(20);
        }
        return store;
    }

    /// <summary>
    /// Writes the seq of each event. Each write waits (up to 5 s) for the next batch to be folded, and
    /// notes whether it was: a runner that folded only after writing would make every write wait in vain.
    /// </summary>
    private sealed class Folding(string name) : IPreparedProjection
    {
        private TaskCompletionSource nextFolded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int writes;

        public string Name => name;
        public List<bool> Overlapped { get; } = [];
        public int? FailWrite { get; set; }

        public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand($"create table if not exists tracker.{name} (seq bigint primary key)", conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        public Task Reset(NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;

        public Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct) => TryPrepare(batch).Write(conn, ct);

        public IProjectionWrite TryPrepare(ProjectionBatch batch)
        {
            var folded = nextFolded;
            nextFolded = new(TaskCreationOptions.RunContinuationsAsynchronously);
            folded.TrySetResult();
            return new Write(this, batch.Events.Select(e => e.Sequence).ToArray(), nextFolded.Task);
        }

        private sealed class Write(Folding owner, long[] seqs, Task nextFolded) : IProjectionWrite
        {
            async Task IProjectionWrite.Write(NpgsqlConnection conn, CancellationToken ct)
            {
                if (owner.FailWrite == owner.writes++) throw new InvalidOperationException("write failed");
                await using var cmd = new NpgsqlCommand($"insert into tracker.{owner.Name} select unnest($1::bigint[])", conn);
                cmd.Parameters.Add(new() { Value = seqs });
                await cmd.ExecuteNonQueryAsync(ct);
                owner.Overlapped.Add(await Task.WhenAny(nextFolded, Task.Delay(TimeSpan.FromSeconds(5), ct)) == nextFolded);
            }
        }
    }
}
