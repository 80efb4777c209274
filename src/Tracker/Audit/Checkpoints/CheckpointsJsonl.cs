using System.Text;
using Npgsql;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// The checkpoints.jsonl export: the newsroom's checkpoints from the database, oldest first (so the latest is the last
/// line), one JSON line each with every head, exactly as the file copy and the witness get them.
/// </summary>
public static class CheckpointsJsonl
{
    public const string ContentType = "application/x-ndjson";

    public static async Task<long> Write(NpgsqlDataSource db, string newsroom, Stream output, CancellationToken ct = default)
    {
        long count = 0;
        await foreach (var copy in CheckpointTable.Rows(db, newsroom, heads: true, ct))
        {
            // A row whose heads no longer parse is left out here; verification names it.
            if (copy.Checkpoint is null) continue;
            await output.WriteAsync(Encoding.UTF8.GetBytes(copy.Checkpoint.ToLine() + "\n"), ct);
            count++;
        }
        await output.FlushAsync(ct);
        return count;
    }
}
