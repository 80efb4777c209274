using Npgsql;

namespace Tracker.EventStore;

/// <summary>
/// Moves one async projection forward. It reads only events whose transaction has finished
/// (tx_id below the snapshot's xmin), in (tx_id, seq_id) order after the checkpoint, so no event can
/// ever appear behind the checkpoint: nothing is skipped and there is no gap timeout to guess.
/// </summary>
public sealed class ProjectionRunner(PostgresEventStore store, IAsyncProjection projection, int batchSize = 500)
{
    public IAsyncProjection Projection => projection;

    private string Progress => store.Options.Q("projection_progress");

    /// <summary>Applies one batch; returns how many events it applied (0 when caught up or when the checkpoint moved under it).</summary>
    public async Task<int> RunBatch(NpgsqlConnection conn, CancellationToken ct)
    {
        var (lastTx, lastSeq) = await ReadCheckpoint(conn, ct);
        var (events, txIds) = await ReadFinishedEvents(conn, lastTx, lastSeq, ct);
        if (events.Count == 0) return 0;

        await using var tx = await conn.BeginTransactionAsync(ct);
        // The guard makes a rebuild or a second runner win cleanly: this batch is then rolled back whole.
        await using (var advance = new NpgsqlCommand(
            $"update {Progress} set last_tx = $2::xid8, last_seq = $3, updated = now() where name = $1 and last_tx = $4::xid8 and last_seq = $5", conn))
        {
            advance.Parameters.Add(new() { Value = projection.Name });
            advance.Parameters.Add(new() { Value = txIds[^1] });
            advance.Parameters.Add(new() { Value = events[^1].Sequence });
            advance.Parameters.Add(new() { Value = lastTx });
            advance.Parameters.Add(new() { Value = lastSeq });
            if (await advance.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.RollbackAsync(ct);
                return 0;
            }
        }
        await projection.Apply(conn, events, ct);
        await tx.CommitAsync(ct);
        return events.Count;
    }

    /// <summary>Runs batches until nothing finished is left. For the CLI and tests; the daemon calls <see cref="RunBatch"/>.</summary>
    public async Task<long> CatchUp(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        long total = 0;
        int applied;
        while ((applied = await RunBatch(conn, ct)) > 0)
        {
            total += applied;
            progress?.Report(total);
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

    private async Task<(string LastTx, long LastSeq)> ReadCheckpoint(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select last_tx::text, last_seq from {Progress} where name = $1", conn);
        cmd.Parameters.Add(new() { Value = projection.Name });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"Projection '{projection.Name}' has no checkpoint row; was the store migrated with it registered?");
        return (reader.GetString(0), reader.GetInt64(1));
    }

    private async Task<(List<StoredEvent> Events, List<string> TxIds)> ReadFinishedEvents(NpgsqlConnection conn, string lastTx, long lastSeq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select {PostgresEventStore.EventColumns}, e.tx_id::text from {store.EventsJoinStreams} " +
            "where e.tx_id < pg_snapshot_xmin(pg_current_snapshot()) and (e.tx_id, e.seq_id) > ($1::xid8, $2) " +
            "order by e.tx_id, e.seq_id limit $3", conn);
        cmd.Parameters.Add(new() { Value = lastTx });
        cmd.Parameters.Add(new() { Value = lastSeq });
        cmd.Parameters.Add(new() { Value = batchSize });
        var events = new List<StoredEvent>();
        var txIds = new List<string>();
        var metadata = new PostgresEventStore.MetadataCache();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(store.ReadEvent(reader, metadata));
            txIds.Add(reader.GetString(13));
        }
        return (events, txIds);
    }
}
