using NpgsqlTypes;
using Tracker.EventStore.Hashing;

namespace Tracker.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Imports many new streams in one transaction through binary COPY: hashes are chained here as usual,
    /// inline projections run before commit, and the daemon picks the events up after it.
    /// Every stream must be new; an existing one fails the whole import as a concurrency conflict.
    /// </summary>
    public async Task<long> BulkAppend(string tenant, IReadOnlyList<StreamAppend> streams, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ValidateAppends(tenant, streams);
        if (streams.FirstOrDefault(s => !s.Expected.IsAny && s.Expected.Value != 0) is { } existing)
            throw new ArgumentException($"Bulk append creates new streams only; {existing.StreamId} expects version {existing.Expected}.");

        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = EventHash.TruncateToMicroseconds(Clock.GetUtcNow());
        // Hashing is the CPU-heavy part and streams chain independently: plan them on every core.
        var plans = streams.AsParallel().AsOrdered().Select(s => Plan(tenant, s, null, now)).ToList();
        try
        {
            await using (var importer = await conn.BeginBinaryImportAsync(
                $"copy {Options.Q("streams")} (tenant_id, id, type, version, last_hash, created, \"timestamp\") from stdin (format binary)", ct))
            {
                foreach (var plan in plans)
                {
                    var last = plan.Events[^1];
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(tenant, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(plan.StreamId, NpgsqlDbType.Uuid, ct);
                    await importer.WriteAsync(last.StreamType, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(last.Version, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync(Convert.FromHexString(last.Hash), NpgsqlDbType.Bytea, ct);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                }
                await importer.CompleteAsync(ct);
            }

            long written = 0;
            await using (var importer = await conn.BeginBinaryImportAsync(
                $"copy {Options.Q("events")} (id, tenant_id, stream_id, version, type, data, metadata, \"timestamp\", prev_hash, hash) from stdin (format binary)", ct))
            {
                foreach (var e in plans.SelectMany(p => p.Events))
                {
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                    await importer.WriteAsync(tenant, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                    await importer.WriteAsync(e.Version, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(e.DataJson!, NpgsqlDbType.Jsonb, ct);
                    await importer.WriteAsync(e.MetadataJson!, NpgsqlDbType.Jsonb, ct);
                    await importer.WriteAsync(e.RecordedAt, NpgsqlDbType.TimestampTz, ct);
                    await importer.WriteAsync(Convert.FromHexString(e.PrevHash), NpgsqlDbType.Bytea, ct);
                    await importer.WriteAsync(Convert.FromHexString(e.Hash), NpgsqlDbType.Bytea, ct);
                    if (++written % 10_000 == 0) progress?.Report(written);
                }
                await importer.CompleteAsync(ct);
            }
            progress?.Report(written);

            // Inline read models are never behind the events, imported or not.
            await using (var batch = new Npgsql.NpgsqlBatch(conn))
            {
                await PrepareInlineProjections(new InlineWrite(this, conn, batch, new Dictionary<Guid, KnownHead>()), plans.SelectMany(p => p.Events).ToList(), ct);
                if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            SignalCommit();
            return written;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            throw new ConcurrencyException(tenant, streams[0].StreamId, ExpectedVersion.NoStream, null);
        }
    }
}
