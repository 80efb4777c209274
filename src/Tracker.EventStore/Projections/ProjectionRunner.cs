using System.Globalization;
using Npgsql;

namespace Tracker.EventStore;

/// <summary>
/// Moves one async projection forward. It reads only events whose transaction has finished
/// (tx_id below the snapshot's xmin), in (tx_id, seq_id) order after the checkpoint, so no event can
/// ever appear behind the checkpoint: nothing is skipped and there is no gap timeout to guess.
/// </summary>
/// <param name="batchSize">Events per batch of the live daemon: small, so a batch lands soon after its events.</param>
/// <param name="catchUpBatchSize">
/// Events per batch of <see cref="CatchUp"/> (a rebuild): large, so commits and round trips are few, but not so large that
/// the batch being applied and the one read ahead outgrow the young GC generations. At 5,000 claim events they did:
/// every decoded event was promoted to gen 2 and a rebuild ran a full GC every few batches (69 against 1 at 2,000).
/// </param>
public sealed class ProjectionRunner(PostgresEventStore store, IAsyncProjection projection, int batchSize = 500, int catchUpBatchSize = 2000)
{
    public IAsyncProjection Projection => projection;

    /// <summary>The most events <see cref="RunBatch"/> applies at once.</summary>
    public int BatchSize => batchSize;

    private string Progress => store.Options.Q("projection_progress");

    private sealed record Batch(List<StoredEvent> Events, ProjectionPosition End);

    /// <summary>
    /// The checkpoint as this runner's last batch left it. A running daemon holds the projection's lock, so nobody else
    /// moves it, and a rebuild that does makes the guarded update of the next batch fail: then it is read again.
    /// </summary>
    private ProjectionPosition? known;

    /// <summary>Applies one batch; returns how many events it applied (0 when caught up or when the checkpoint moved under it).</summary>
    public async Task<int> RunBatch(NpgsqlConnection conn, CancellationToken ct)
    {
        var at = known ?? await ReadCheckpoint(conn, ct);
        known = null;
        var batch = await ReadFinishedEvents(conn, at, batchSize, ct);
        if (batch.Events.Count == 0)
        {
            known = at;
            return 0;
        }
        if (!await Apply(conn, at, batch, ct)) return 0;
        known = batch.End;
        return batch.Events.Count;
    }

    /// <summary>
    /// Runs batches until nothing finished is left. For the CLI and tests; the daemon calls <see cref="RunBatch"/>.
    /// The next batch is read on a second connection while this one is applied: it starts where this batch's
    /// checkpoint will stand, and the guarded checkpoint update throws it away if this batch does not land.
    /// A projection that can fold a batch from memory (<see cref="IPreparedProjection"/>) folds it while the batch
    /// before is still being written; the fold is thrown away if that write does not land.
    /// </summary>
    public async Task<long> CatchUp(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var reading = await store.DataSource.OpenConnectionAsync(ct);
        var at = await ReadCheckpoint(conn, ct);
        var batch = await ReadFinishedEvents(reading, at, catchUpBatchSize, ct);
        long total = 0;
        // The last batch's write when it was started without waiting for it, and its size.
        (Task<bool> Task, int Events)? writing = null;
        var next = Task.FromResult(batch);

        void Count(int events)
        {
            total += events;
            progress?.Report(total);
        }

        async Task<bool> Landed()
        {
            if (writing is not { } write) return true;
            writing = null;
            if (!await write.Task) return false;
            Count(write.Events);
            return true;
        }

        try
        {
            while (batch.Events.Count > 0)
            {
                next = ReadFinishedEvents(reading, batch.End, catchUpBatchSize, ct);
                var prepared = (projection as IPreparedProjection)?.TryPrepare(new ProjectionBatch(batch.Events, at, batch.End));
                // One connection writes: the batch before must have landed before this one's transaction begins.
                if (!await Landed()) break;
                if (prepared is not null)
                    writing = (Apply(conn, at, batch.End, c => prepared.Write(c, ct), ct), batch.Events.Count);
                else if (await Apply(conn, at, batch, ct)) Count(batch.Events.Count);
                else break;
                at = batch.End;
                batch = await next;
                // Read while this runner's batch transaction was open, whose xid held the snapshot's xmin back:
                // events committed since may have been left out, so "nothing left" is asked again with no transaction open.
                if (batch.Events.Count == 0 && await Landed()) batch = await ReadFinishedEvents(reading, at, catchUpBatchSize, ct);
            }
            await Landed();
        }
        finally
        {
            // Let whatever is still in flight finish before its connection is disposed; its outcome no longer matters.
            try { await next; } catch (Exception) { }
            try { if (writing is { } write) await write.Task; } catch (Exception) { }
        }
        return total;
    }

    /// <summary>Clears the read model and zeroes the checkpoint in one transaction; whoever runs the projection replays from the start.</summary>
    public async Task Reset(CancellationToken ct = default)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var zero = new NpgsqlCommand(
            $"insert into {Progress} (name) values ($1) on conflict (name) do update set last_tx = '0', last_seq = 0, updated = now()", conn))
        {
            zero.Parameters.Add(new() { Value = projection.Name });
            await zero.ExecuteNonQueryAsync(ct);
        }
        await projection.Reset(conn, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Applies the batch and moves the checkpoint from <paramref name="at"/> to its end in one transaction; false when the checkpoint had moved.</summary>
    private Task<bool> Apply(NpgsqlConnection conn, ProjectionPosition at, Batch batch, CancellationToken ct) =>
        Apply(conn, at, batch.End, c => projection.Apply(c, new ProjectionBatch(batch.Events, at, batch.End), ct), ct);

    /// <summary>Runs <paramref name="write"/> and moves the checkpoint from <paramref name="at"/> to <paramref name="end"/> in one transaction; false when the checkpoint had moved.</summary>
    private async Task<bool> Apply(NpgsqlConnection conn, ProjectionPosition at, ProjectionPosition end, Func<NpgsqlConnection, Task> write, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The batch's rows and its checkpoint commit together, so a crash can lose only whole recent batches, which are
        // then applied again from the checkpoint before them: no need to wait for the WAL flush at every commit.
        // The guard makes a rebuild or a second runner win cleanly: this batch is then rolled back whole.
        var advance = PostgresEventStore.Command(
            $"update {Progress} set last_tx = $2::xid8, last_seq = $3, updated = now() where name = $1 and last_tx = $4::xid8 and last_seq = $5",
            projection.Name, end.Tx, end.Seq, at.Tx, at.Seq);
        await using (var start = new NpgsqlBatch(conn) { BatchCommands = { new("set local synchronous_commit = off"), advance } })
        {
            await start.ExecuteNonQueryAsync(ct);
            if (advance.RecordsAffected == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
        }
        await write(conn);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<ProjectionPosition> ReadCheckpoint(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select last_tx::text, last_seq from {Progress} where name = $1", conn);
        cmd.Parameters.Add(new() { Value = projection.Name });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"Projection '{projection.Name}' has no checkpoint row; was the store migrated with it registered?");
        return new(reader.GetString(0), reader.GetInt64(1));
    }

    private async Task<Batch> ReadFinishedEvents(NpgsqlConnection conn, ProjectionPosition after, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select {PostgresEventStore.ProjectedColumns}, e.tx_id from {store.EventsJoinStreams} " +
            "where e.tx_id < pg_snapshot_xmin(pg_current_snapshot()) and (e.tx_id, e.seq_id) > ($1::xid8, $2) " +
            "order by e.tx_id, e.seq_id limit $3", conn);
        cmd.Parameters.Add(new() { Value = after.Tx });
        cmd.Parameters.Add(new() { Value = after.Seq });
        cmd.Parameters.Add(new() { Value = limit });
        var events = new List<StoredEvent>(limit);
        var metadata = new PostgresEventStore.MetadataCache();
        ulong lastTx = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(store.ReadProjected(reader, metadata));
            lastTx = reader.GetFieldValue<ulong>(11);
        }
        return new(events, events.Count == 0 ? after : new(lastTx.ToString(CultureInfo.InvariantCulture), events[^1].Sequence));
    }
}
