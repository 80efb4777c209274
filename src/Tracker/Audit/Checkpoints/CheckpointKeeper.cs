using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.Newsrooms.Placement;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// Takes a newsroom's checkpoints: reads every stream's head in one snapshot, signs the statement with the newsroom's key,
/// stores the row, appends the line to the file copy, commits, then tells the witness. Checkpoints are numbered 1, 2, ...
/// per newsroom; one is taken at a time across every process (an advisory lock), so numbers never clash and the file's
/// lines are in order.
/// </summary>
public sealed class CheckpointKeeper(NewsroomDatabases databases, SigningKeys keys, CheckpointFile file, Witness witness, TimeProvider clock,
    ILogger<CheckpointKeeper> logger)
{
    /// <summary>A write that must commit with the checkpoint or not at all (the reply kept for an Idempotency-Key).</summary>
    public delegate Task AlsoWrite(NpgsqlConnection conn, Checkpoint checkpoint, CancellationToken ct);

    public async Task<Checkpoint> Take(string newsroom, CancellationToken ct, AlsoWrite? also = null) =>
        (await Take(newsroom, onlyIfChanged: false, also, ct))!;

    /// <summary>
    /// Takes a checkpoint when the record changed since the latest (another newest event, or another count: an append that
    /// committed late may hold a lower sequence number); null when nothing did. Decided under the lock, so two nodes on one
    /// database never both take one for the same change.
    /// </summary>
    public Task<Checkpoint?> TakeIfChanged(string newsroom, CancellationToken ct) => Take(newsroom, onlyIfChanged: true, null, ct);

    private async Task<Checkpoint?> Take(string newsroom, bool onlyIfChanged, AlsoWrite? also, CancellationToken ct)
    {
        Checkpoint signed;
        await using (var conn = await databases.For(newsroom).OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await CheckpointTable.Lock(conn, ct);
            var (sequence, latestPosition, latestEvents) = await CheckpointTable.Next(conn, newsroom, ct);
            var state = await RecordHeads.Read(conn, newsroom, ct);
            if (onlyIfChanged && state.Position == latestPosition && state.Events == latestEvents) return null;
            using var key = keys.GetOrCreate(newsroom);
            var statement = new Checkpoint(newsroom, sequence, EventHash.FormatTimestamp(clock.GetUtcNow()), state.Position, state.Heads.Count,
                state.Events, MerkleTree.Root(state.Heads), SigningKeys.Algorithm, key.Fingerprint, "", state.Heads);
            signed = statement with { Signature = key.Sign(statement.Statement()) };
            await CheckpointTable.Insert(conn, signed, ct);
            if (also is not null) await also(conn, signed, ct);
            // Written outside the database before the row commits: a file that cannot be written means no checkpoint.
            file.Append(signed);
            await tx.CommitAsync(ct);
        }
        logger.LogInformation("Checkpoint {Sequence} of {Newsroom}: {Events} events in {Streams} streams, root {Root}.",
            signed.Sequence, newsroom, signed.Events, signed.Streams, signed.Root);
        await witness.Send(signed);
        return signed;
    }

    public Task<IReadOnlyList<CheckpointCopy>> List(string newsroom, bool heads, CancellationToken ct) =>
        CheckpointTable.Read(databases.For(newsroom), newsroom, heads, ct: ct);

    public async Task<Checkpoint?> Find(string newsroom, long sequence, CancellationToken ct) =>
        (await CheckpointTable.Read(databases.For(newsroom), newsroom, heads: true, sequence, ct: ct)).FirstOrDefault()?.Checkpoint;
}
