using System.Threading.Channels;
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var planned = Channel.CreateBounded<AppendPlan>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var planning = PlanInBackground(tenant, streams, now, planned.Writer, stop.Token);
        var plans = new List<AppendPlan>(streams.Count);
        try
        {
            long written = 0;
            await using (var importer = await conn.BeginBinaryImportAsync(
                $"copy {Options.Q("events")} (id, tenant_id, stream_id, version, type, data, metadata, \"timestamp\", prev_hash, hash) from stdin (format binary)", ct))
            {
                await foreach (var plan in planned.Reader.ReadAllAsync(ct))
                {
                    plans.Add(plan);
                    foreach (var e in plan.Events)
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
                }
                await planning;
                await importer.CompleteAsync(ct);
            }
            progress?.Report(written);

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
        catch (ChannelClosedException)
        {
            // Planning failed: its own exception says why.
            await planning;
            throw;
        }
        finally
        {
            // A failed COPY must not leave planning running on: it stops at its next stream.
            await stop.CancelAsync();
            await planning.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Hashing is the client's heavy part, and the server is busy with the COPY meanwhile: stream by stream on
    /// another thread, so the rows flow while the rest is still being hashed. One thread only, as the COPY's
    /// server process needs the other core.
    /// </summary>
    private Task PlanInBackground(string tenant, IReadOnlyList<StreamAppend> streams, DateTimeOffset now, ChannelWriter<AppendPlan> planned, CancellationToken ct) =>
        Task.Run(async () =>
        {
            try
            {
                var ids = new RisingIds(now);
                foreach (var stream in streams) await planned.WriteAsync(Plan(tenant, stream, null, now, ids), ct);
                planned.Complete();
            }
            catch (Exception e)
            {
                planned.Complete(e);
                throw;
            }
        }, ct);
}
