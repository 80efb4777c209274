using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.EventStore.Verification;

namespace Tracker.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>Recomputes every hash chain in the store (or one tenant's), streaming rows, and reports each break.</summary>
    public async Task<VerificationReport> Verify(string? tenant = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var verifier = new ChainVerifier();
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        var filter = tenant is null ? "" : "where e.tenant_id = $1";
        await using (var cmd = new NpgsqlCommand(
            $"select e.tenant_id, e.stream_id, s.type, e.version, e.id, e.type, e.\"timestamp\", e.data::text, e.metadata::text, e.prev_hash, e.hash " +
            $"from {EventsJoinStreams} {filter} order by e.tenant_id, e.stream_id, e.version", conn))
        {
            if (tenant is not null) cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            long count = 0;
            while (await r.ReadAsync(ct))
            {
                var link = new ChainLink(r.GetString(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetGuid(4), r.GetString(5),
                    r.GetFieldValue<DateTimeOffset>(6), r.GetString(7), r.GetString(8), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(9)));
                verifier.Add(link, Convert.ToHexStringLower(r.GetFieldValue<byte[]>(10)));
                if (++count % 10_000 == 0) progress?.Report(count);
            }
            progress?.Report(count);
        }
        await using (var cmd = new NpgsqlCommand(
            $"select tenant_id, id, version, last_hash from {Options.Q("streams")} {(tenant is null ? "" : "where tenant_id = $1")}", conn))
        {
            if (tenant is not null) cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                verifier.CheckHead(r.GetString(0), r.GetGuid(1), r.GetInt32(2), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(3)));
        }
        return verifier.Report();
    }
}
