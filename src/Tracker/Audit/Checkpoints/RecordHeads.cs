using Npgsql;
using Tracker.Store;

namespace Tracker.Audit.Checkpoints;

/// <summary>Where a newsroom's record stands: every stream's head, how many events, and the highest sequence number among them.</summary>
public sealed record RecordState(IReadOnlyList<StreamHead> Heads, long Events, long Position);

/// <summary>
/// Stream heads read from Marten's event table as stored (like <see cref="LinkRows"/>, by hand: the hash is a header).
/// One statement, so one consistent snapshot of committed events.
/// </summary>
public static class RecordHeads
{
    public static async Task<RecordState> Read(NpgsqlConnection conn, string newsroom, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select distinct on (e.stream_id) e.stream_id, e.version, coalesce(e.headers->>'hash', ''), count(*) over w, max(e.seq_id) over w " +
            $"from {LinkRows.Events} e where e.tenant_id = $1 and {LinkRows.NotTombstone} " +
            "window w as (partition by e.stream_id) order by e.stream_id, e.version desc", conn);
        cmd.Parameters.Add(new() { Value = newsroom });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var heads = new List<StreamHead>();
        long events = 0, position = 0;
        while (await r.ReadAsync(ct))
        {
            heads.Add(new StreamHead(r.GetGuid(0), (int)r.GetInt64(1), r.GetString(2)));
            events += r.GetInt64(3);
            position = Math.Max(position, r.GetInt64(4));
        }
        return new RecordState([.. MerkleTree.Sorted(heads)], events, position);
    }

    public static async Task<RecordState> Read(NpgsqlDataSource db, string newsroom, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await Read(conn, newsroom, ct);
    }

    /// <summary>The stored hash of the event at each (stream, version) asked about; pairs with no event are left out.</summary>
    public static async Task<Dictionary<(Guid Stream, int Version), string>> HashesAt(NpgsqlDataSource db, string newsroom,
        IReadOnlyCollection<(Guid Stream, int Version)> at, CancellationToken ct)
    {
        var found = new Dictionary<(Guid, int), string>();
        if (at.Count == 0) return found;
        await using var cmd = db.CreateCommand(
            "select h.stream_id, h.version, coalesce(e.headers->>'hash', '') from unnest($2::uuid[], $3::bigint[]) as h(stream_id, version) " +
            $"join {LinkRows.Events} e on e.tenant_id = $1 and e.stream_id = h.stream_id and e.version = h.version and {LinkRows.NotTombstone}");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = at.Select(a => a.Stream).ToArray() });
        cmd.Parameters.Add(new() { Value = at.Select(a => (long)a.Version).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[(r.GetGuid(0), (int)r.GetInt64(1))] = r.GetString(2);
        return found;
    }
}
