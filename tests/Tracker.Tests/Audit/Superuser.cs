using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.Store;

namespace Tracker.Tests.Audit;

/// <summary>
/// Someone holding the database's superuser rights (not the signing key): with session_replication_role = replica the
/// append-only triggers do not fire, so rows can be deleted and rewritten, and chains recomputed so they hold again.
/// </summary>
public sealed class Superuser(string connectionString)
{
    public async Task<int> Execute(string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var off = new NpgsqlCommand("set session_replication_role = replica", conn)) await off.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var value in values) cmd.Parameters.Add(new() { Value = value });
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every trace of a stream: its events, its stream row and its snapshot.</summary>
    public async Task DeleteStream(Guid stream)
    {
        (await Execute("delete from tracker.mt_events where stream_id = $1", stream)).ShouldBeGreaterThan(0);
        await Execute("delete from tracker.mt_streams where id = $1", stream);
        await Execute("delete from tracker.mt_doc_claim where id = $1", stream);
    }

    /// <summary>Drops the stream's events after <paramref name="keep"/> and moves its stream row back, so the chain ends cleanly.</summary>
    public async Task Trim(Guid stream, int keep)
    {
        (await Execute("delete from tracker.mt_events where stream_id = $1 and version > $2", stream, (long)keep)).ShouldBeGreaterThan(0);
        await Execute("update tracker.mt_streams set version = $2 where id = $1", stream, (long)keep);
    }

    /// <summary>
    /// Changes one field of the event at <paramref name="version"/> and recomputes its hash and every later one's
    /// (prevHash and hash headers), exactly as Tracker.EventStore.Hashing.EventHash computes them: the chain holds again.
    /// </summary>
    public async Task RewriteAndRehash(Guid stream, int version, string field, string value)
    {
        await Execute($"update tracker.mt_events set data = jsonb_set(data, '{{{field}}}', to_jsonb($3::text)) where stream_id = $1 and version = $2",
            stream, (long)version, value);
        await Rehash(stream, version);
    }

    /// <summary>
    /// Invents a stream: a copy of <paramref name="original"/>'s events under a new id and new event ids, each recorded
    /// <paramref name="earlier"/> before the original, its chain computed as the app would. Returns the new stream's id.
    /// </summary>
    public async Task<Guid> CopyBackdated(Guid original, TimeSpan earlier)
    {
        var invented = Guid.CreateVersion7();
        await Execute("insert into tracker.mt_streams (tenant_id, id, version) select tenant_id, $2, version from tracker.mt_streams where id = $1",
            original, invented);
        (await Execute("insert into tracker.mt_events (seq_id, id, stream_id, version, data, type, \"timestamp\", tenant_id, mt_dotnet_type, " +
            "correlation_id, causation_id, headers, is_archived) select nextval('tracker.mt_events_sequence'), gen_random_uuid(), $2, version, data, " +
            "type, \"timestamp\" - $3, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, is_archived from tracker.mt_events " +
            "where stream_id = $1 order by version", original, invented, earlier)).ShouldBeGreaterThan(0);
        await Rehash(invented, 1);
        return invented;
    }

    private async Task Rehash(Guid stream, int version)
    {
        var links = new List<ChainLink>();
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"select {LinkRows.Columns} from {LinkRows.Events} e where e.stream_id = $1 order by e.version", conn);
            cmd.Parameters.Add(new() { Value = stream });
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) links.Add(LinkRows.Read(r).Link);
        }
        var prev = version == 1 ? EventHash.Genesis : await HashAt(stream, version - 1);
        foreach (var link in links.Where(l => l.Version >= version))
        {
            var hash = EventHash.Compute(link with { PrevHash = prev });
            await Execute("update tracker.mt_events set headers = headers || jsonb_build_object('prevHash', $3::text, 'hash', $4::text) where stream_id = $1 and version = $2",
                stream, (long)link.Version, prev, hash);
            prev = hash;
        }
    }

    public async Task<string> HashAt(Guid stream, int version)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select headers->>'hash' from tracker.mt_events where stream_id = $1 and version = $2", conn);
        cmd.Parameters.Add(new() { Value = stream });
        cmd.Parameters.Add(new() { Value = (long)version });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
