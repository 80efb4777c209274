using Tracker.EventStore.Verification;

namespace Tracker.Store;

public sealed partial class Ledger
{
    /// <summary>Recomputes every hash chain in the store (or one newsroom's), streaming rows, and reports each break.</summary>
    public async Task<VerificationReport> Verify(string? tenant = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var verifier = new ChainVerifier();
        long count = 0;
        foreach (var database in tenant is null ? await Databases() : [For(tenant)])
            count = await Verify(database, tenant, verifier, count, progress, ct);
        return verifier.Report();
    }

    private static async Task<long> Verify(Npgsql.NpgsqlDataSource database, string? tenant, ChainVerifier verifier, long count,
        IProgress<long>? progress, CancellationToken ct)
    {
        await using var conn = await database.OpenConnectionAsync(ct);
        var filter = tenant is null ? "" : "and e.tenant_id = $1";
        await using (var cmd = new Npgsql.NpgsqlCommand(
            $"select {LinkRows.Columns} from {LinkRows.Events} e where {LinkRows.NotTombstone} {filter} order by e.tenant_id, e.stream_id, e.version", conn))
        {
            if (tenant is not null) cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (link, hash) = LinkRows.Read(r);
                verifier.Add(link, hash);
                if (++count % 10_000 == 0) progress?.Report(count);
            }
            progress?.Report(count);
        }
        // Marten's stream rows must stand where their last events do: a version beyond them means events went missing.
        // Rows at version 0 claim no event: Marten's tombstone stream (a random id per process, one row per newsroom,
        // inserted when an append fails, as every conflict the database catches does) is one; no Tracker stream is.
        await using (var cmd = new Npgsql.NpgsqlCommand(
            $"select s.tenant_id, s.id, s.version, coalesce((select e.headers->>'hash' from {LinkRows.Events} e where e.tenant_id = s.tenant_id " +
            $"and e.stream_id = s.id and e.version = s.version), '') from {Hosting.TrackerStore.Schema}.mt_streams s where s.version > 0 {(tenant is null ? "" : "and s.tenant_id = $1")}", conn))
        {
            if (tenant is not null) cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                verifier.CheckHead(r.GetString(0), r.GetGuid(1), (int)r.GetInt64(2), r.GetString(3));
        }
        return count;
    }

    /// <summary>The stream's type (story, claim, ...) from its first event, or null when the newsroom has no such stream.</summary>
    public async Task<string?> StreamType(string tenant, Guid id, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenant);
        var first = await session.Events.FetchStreamAsync(id, version: 1, token: ct);
        return first.Count == 0 ? null : EventEnvelope.Header(first[0], EventEnvelope.StreamType);
    }
}
