using System.Runtime.CompilerServices;
using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.EventStore.Verification;
using Tracker.Exports;
using Tracker.Hosting;

namespace Tracker.Store;

/// <summary>
/// A database from the store before Marten (tracker.events and tracker.streams, hashes as bytea) is moved into Marten
/// at the first start: every event is checked as an import checks a file (chains, and the old streams' heads), then
/// copied by <see cref="Ledger.Import"/> with its id, version, time, payload, metadata and hashes (as hex). The old
/// tables stay, made read-only by a trigger that also marks the migration done; an interrupted migration is resumed
/// at the next start, after the streams already copied. Tables the old store shared with this one keep what is not
/// derived from events (passwords, idempotency records); the read models derived from events (newsrooms, accounts,
/// tokens, the async projections' tables, whose rows name the old sequence numbers) are emptied before the first
/// event is copied and rebuilt from the copied events: inline as they are copied, and by Marten's daemon after.
/// </summary>
public static class OldStoreMigration
{
    private const string S = TrackerStore.Schema;
    private const string ReadOnlyTrigger = "tracker_old_store_read_only";

    public static async Task Run(Ledger ledger, IEnumerable<ISqlProjection> projections, ILogger logger, CancellationToken ct)
    {
        var data = ledger.DataSource;
        if (!await Pending(data, ct)) return;
        // One node migrates; the others wait for it here and find the work done.
        await using var lockConn = await data.OpenConnectionAsync(ct);
        await Execute(lockConn, $"select pg_advisory_lock(hashtext('tracker-old-store:{S}'))", ct);
        try
        {
            if (!await Pending(data, ct)) return;
            var check = await Check(ledger, ct);
            if (!check.Ok)
                throw new InvalidOperationException($"The old event store in {S}.events does not verify, so it was not moved into Marten " +
                    $"({check.Failures.Count} problems; first: {string.Join("; ", check.Failures.Take(5).Select(f => $"{f.Tenant}/{f.StreamId} v{f.Version}: {f.Problem}"))}). " +
                    "Run the previous version's `tracker verify` to see them all.");
            if (await Scalar(data, $"select count(*) from {S}.mt_events", ct) == 0)
                await Execute(lockConn, "truncate " + string.Join(", ", DerivedTables(projections)), ct);
            var result = await ledger.Import(OldEvents(data, ct), ct: ct);
            await MakeReadOnly(lockConn, ct);
            logger.LogWarning("Moved the event store into Marten: {Imported} events copied in {Streams} streams ({Skipped} copied by an earlier start); " +
                "{Schema}.events and {Schema}.streams are kept, read-only.", result.Imported, result.Streams, result.Skipped, S, S);
        }
        finally
        {
            await Execute(lockConn, $"select pg_advisory_unlock(hashtext('tracker-old-store:{S}'))", CancellationToken.None);
        }
    }

    /// <summary>The old tables are there and not yet marked done by the read-only trigger.</summary>
    private static async Task<bool> Pending(NpgsqlDataSource data, CancellationToken ct) =>
        await Scalar(data, $"select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            $"where n.nspname = '{S}' and c.relname = 'events' and c.relkind = 'r' and not exists " +
            $"(select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = '{ReadOnlyTrigger}')", ct) > 0;

    /// <summary>Every chain, the old streams' recorded heads, and whether each event can be kept as hashed.</summary>
    private static async Task<VerificationReport> Check(Ledger ledger, CancellationToken ct)
    {
        var chains = new ChainVerifier();
        var check = new ImportCheck(ledger);
        var problems = new List<ChainFailure>();
        await foreach (var e in OldEvents(ledger.DataSource, ct))
        {
            chains.Add(e.Link, e.Hash);
            if (check.Problem(e) is { } problem) problems.Add(new(e.Link.Tenant, e.Link.StreamId, e.Link.Version, problem));
        }
        await using (var cmd = ledger.DataSource.CreateCommand($"select tenant_id, id, version, last_hash from {S}.streams"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                chains.CheckHead(r.GetString(0), r.GetGuid(1), r.GetInt32(2), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(3)));
        var report = chains.Report();
        return report with { Failures = [.. problems, .. report.Failures, .. await check.Conflicts(ct)] };
    }

    /// <summary>The old events in sequence order, as the old export wrote them.</summary>
    private static async IAsyncEnumerable<ExportedEvent> OldEvents(NpgsqlDataSource data, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = data.CreateCommand(
            "select e.seq_id, e.tenant_id, e.stream_id, s.type, e.version, e.id, e.type, e.\"timestamp\", e.data::text, e.metadata::text, " +
            $"e.prev_hash, e.hash from {S}.events e join {S}.streams s on s.tenant_id = e.tenant_id and s.id = e.stream_id order by e.seq_id");
        cmd.CommandTimeout = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            yield return new ExportedEvent(r.GetInt64(0), new ChainLink(r.GetString(1), r.GetGuid(2), r.GetString(3), r.GetInt32(4), r.GetGuid(5),
                r.GetString(6), r.GetFieldValue<DateTimeOffset>(7), r.GetString(8), r.GetString(9), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(10))),
                Convert.ToHexStringLower(r.GetFieldValue<byte[]>(11)));
    }

    private static IEnumerable<string> DerivedTables(IEnumerable<ISqlProjection> projections) =>
        new[] { $"{S}.newsrooms", $"{S}.accounts", $"{S}.account_tokens" }.Concat(projections.SelectMany(p => p.Tables));

    /// <summary>No role writes the old tables again: revoked for ordinary roles, refused by trigger for the owner and superusers.</summary>
    private static async Task MakeReadOnly(NpgsqlConnection conn, CancellationToken ct)
    {
        // One transaction: the trigger on events marks the migration done, so it appears with the others or not at all.
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Execute(conn, $"""
        create or replace function {S}.tracker_old_store_read_only() returns trigger language plpgsql as $$
        begin
            raise exception 'the store before Marten is kept read-only: % on %.% is not allowed', tg_op, tg_table_schema, tg_table_name
                using errcode = 'restrict_violation';
        end $$;
        revoke insert, update, delete, truncate on {S}.events, {S}.streams from public;
        create trigger {ReadOnlyTrigger}_truncate before truncate on {S}.streams for each statement execute function {S}.tracker_old_store_read_only();
        create trigger {ReadOnlyTrigger} before insert or update or delete on {S}.streams for each row execute function {S}.tracker_old_store_read_only();
        create trigger {ReadOnlyTrigger}_truncate before truncate on {S}.events for each statement execute function {S}.tracker_old_store_read_only();
        create trigger {ReadOnlyTrigger} before insert or update or delete on {S}.events for each row execute function {S}.tracker_old_store_read_only();
        """, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> Scalar(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var cmd = data.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }
}
