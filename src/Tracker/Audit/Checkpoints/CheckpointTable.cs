using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tracker.Hosting;

namespace Tracker.Audit.Checkpoints;

/// <summary>One copy of a checkpoint as found (a database row or a file line), or why it could not be read.</summary>
public sealed record CheckpointCopy(long Sequence, string Where, Checkpoint? Checkpoint, string? Unreadable = null);

/// <summary>
/// The checkpoints table. The app's role may insert and read it, never update or delete (DatabaseRoles.GrantServing),
/// so a checkpoint once written stays as it was unless someone with the owner's or superuser's rights changes it, which
/// its signature and the file copy then show.
/// </summary>
public static class CheckpointTable
{
    public const string Name = $"{TrackerStore.Schema}.checkpoints";

    public const string Ddl = $"""
        create table if not exists {Name} (
            newsroom text not null, sequence bigint not null, taken_at text not null, position bigint not null,
            streams bigint not null, events bigint not null, root text not null, algorithm text not null,
            key_fingerprint text not null, signature text not null, heads jsonb not null,
            primary key (newsroom, sequence));
        """;

    private const string Columns = "newsroom, sequence, taken_at, position, streams, events, root, algorithm, key_fingerprint, signature";

    /// <summary>The next checkpoint's number, and the position and event count of the latest (-1 when there is none).</summary>
    public static async Task<(long Sequence, long LatestPosition, long LatestEvents)> Next(NpgsqlConnection conn, string newsroom, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select sequence, position, events from {Name} where newsroom = $1 order by sequence desc limit 1", conn);
        cmd.Parameters.Add(new() { Value = newsroom });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt64(0) + 1, r.GetInt64(1), r.GetInt64(2)) : (1, -1, -1);
    }

    public static async Task Insert(NpgsqlConnection conn, Checkpoint c, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"insert into {Name} ({Columns}, heads) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", conn);
        foreach (var value in new object[] { c.Newsroom, c.Sequence, c.TakenAt, c.Position, c.Streams, c.Events, c.Root, c.Algorithm, c.KeyFingerprint, c.Signature })
            cmd.Parameters.Add(new() { Value = value });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(c.Heads, Checkpoint.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The newsroom's checkpoints, oldest first; without their heads unless asked (a heads list is long).</summary>
    public static async Task<IReadOnlyList<CheckpointCopy>> Read(NpgsqlDataSource db, string newsroom, bool heads, long? sequence = null,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await Read(conn, newsroom, heads, sequence, ct);
    }

    public static async Task<IReadOnlyList<CheckpointCopy>> Read(NpgsqlConnection conn, string newsroom, bool heads, long? sequence = null,
        CancellationToken ct = default)
    {
        var copies = new List<CheckpointCopy>();
        await foreach (var copy in Rows(conn, newsroom, heads, sequence, ct)) copies.Add(copy);
        return copies;
    }

    /// <summary>As <see cref="Read(NpgsqlDataSource, string, bool, long?, CancellationToken)"/>, one row at a time, for an export of any length.</summary>
    public static async IAsyncEnumerable<CheckpointCopy> Rows(NpgsqlDataSource db, string newsroom, bool heads,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var copy in Rows(conn, newsroom, heads, null, ct)) yield return copy;
    }

    private static async IAsyncEnumerable<CheckpointCopy> Rows(NpgsqlConnection conn, string newsroom, bool heads, long? sequence,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var where = sequence is null ? "" : " and sequence = $2";
        await using var cmd = new NpgsqlCommand($"select {Columns}, {(heads ? "heads::text" : "null")} from {Name} where newsroom = $1{where} order by sequence", conn);
        cmd.Parameters.Add(new() { Value = newsroom });
        if (sequence is not null) cmd.Parameters.Add(new() { Value = sequence.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var row = new Checkpoint(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6),
                r.GetString(7), r.GetString(8), r.GetString(9), []);
            if (r.IsDBNull(10))
            {
                yield return new(row.Sequence, "database", row);
                continue;
            }
            List<StreamHead>? list;
            string? unreadable = null;
            try
            {
                list = JsonSerializer.Deserialize<List<StreamHead>>(r.GetString(10), Checkpoint.Json) ?? [];
            }
            catch (JsonException e)
            {
                (list, unreadable) = (null, $"its heads cannot be read: {e.Message}");
            }
            yield return list is null ? new(row.Sequence, "database", null, unreadable) : new(row.Sequence, "database", row with { Heads = list });
        }
    }

    /// <summary>Waits, inside the caller's transaction, until no checkpoint is being taken; none starts until it commits.</summary>
    public static async Task Lock(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('tracker-checkpoints'))", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
