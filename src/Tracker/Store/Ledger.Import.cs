using Marten;
using Npgsql;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.Exports;

namespace Tracker.Store;

/// <summary>What an import did: events read, written now, and already present (skipped).</summary>
public sealed record ImportResult(long Read, long Imported, long Skipped, int Streams);

/// <summary>The file and the store disagree about a stream: its history here is not the file's, or the file skips versions the store lacks.</summary>
public sealed class ImportConflictException(string tenant, Guid streamId, int version, string problem)
    : Exception($"Stream {streamId} in '{tenant}', version {version}: {problem}. Nothing of this stream was imported.")
{
    public string Tenant { get; } = tenant;
    public Guid StreamId { get; } = streamId;
    public int Version { get; } = version;
}

public sealed partial class Ledger
{
    /// <summary>Events per transaction: small enough that an interrupted import loses little, large enough for COPY to pay.</summary>
    public const int ImportBatchSize = 5_000;

    private EventCopy? copy;

    private EventCopy Copy => copy ??= new EventCopy((DocumentStore)store);

    /// <summary>
    /// Writes exported events (already checked by <see cref="ImportCheck"/> and the chain walk) into Marten, keeping every
    /// event's id, version, recorded time, payload, metadata and hashes; new sequence numbers are taken in the order
    /// given. Resumable: each stream continues after the version it already has here, once the file's event at that
    /// version is shown to be the stored one (same hash), so a rerun, or a later export of the same source, adds only
    /// what is missing. Each batch's events and inline snapshots commit together; a stream whose stored history differs
    /// from the file's stops the import (<see cref="ImportConflictException"/>) before any of its events are written.
    /// A batch is read and checked while the one before it is being written (the check is the app's work, the write
    /// mostly the database's); batches still commit one after another, in order, and a batch whose check fails is
    /// thrown once the one before it has committed, as if they had run in turn.
    /// </summary>
    /// <param name="progress">Events read and written so far.</param>
    public async Task<ImportResult> Import(IAsyncEnumerable<ExportedEvent> events, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var heads = new Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)>();
        var batch = new List<ExportedEvent>(ImportBatchSize);
        long read = 0, imported = 0;
        (Task Task, long Read, int Count)? writing = null;

        async Task Written()
        {
            if (writing is not { } w) return;
            writing = null;
            await w.Task;
            imported += w.Count;
            progress?.Report(w.Read);
        }

        async Task Next()
        {
            // A newsroom placed in a database of its own has its events written there: a batch is written per database.
            var parts = batch.GroupBy(e => For(e.Link.Tenant)).Select(g => (Database: g.Key, Events: g.ToList())).ToList();
            batch.Clear();
            foreach (var (database, part) in parts)
            {
                var next = await CheckBatch(database, part, heads, ct);
                await Written();
                writing = next.Events.Events.Count == 0
                    ? (Task.CompletedTask, read, 0)
                    : (WriteCopied(database, next.Events, next.StoredVersions, ct), read, next.Events.Events.Count);
            }
        }

        try
        {
            await foreach (var e in events.WithCancellation(ct))
            {
                batch.Add(e);
                if (++read % ImportBatchSize == 0) await Next();
            }
            await Next();
            await Written();
        }
        catch
        {
            // Whatever stopped the import (the file, a conflict, cancellation), the batch being written commits or fails
            // first, and its failure is the one reported, as when the batches ran in turn.
            await Written();
            throw;
        }
        return new ImportResult(read, imported, read - imported, heads.Count);
    }

    /// <summary>A metadata text of the file: its canonical form (hashed) and what the ledger keeps of it (null: it cannot).</summary>
    private sealed record KeptMetadata(string Canonical, EventMetadata? Metadata);

    private sealed record CheckedBatch(EventCopy.Prepared Events, Dictionary<(string Tenant, Guid Stream), int> StoredVersions);

    /// <summary>
    /// The batch's events that are not here yet, each checked against the head before it (stored, or checked earlier
    /// in this import) and its own hash; moves <paramref name="heads"/> on past them.
    /// </summary>
    private async Task<CheckedBatch> CheckBatch(NpgsqlDataSource database, List<ExportedEvent> batch, Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)> heads,
        CancellationToken ct)
    {
        // Each metadata text read once per batch: a file repeats a few people's metadata many times. Per batch, not per
        // import, so texts that never repeat (a correlation id per request) cannot pile up over a large file.
        var metadata = new Dictionary<string, KeptMetadata>(StringComparer.Ordinal);
        var before = new Dictionary<(string Tenant, Guid Stream), int>();
        var write = new List<CheckedEvent>(batch.Count);
        if (batch.Count == 0) return new(Copy.Prepare(write), before);
        await ReadHeads(database, batch.Select(e => (e.Link.Tenant, e.Link.StreamId)).Where(k => !heads.ContainsKey(k)).Distinct().ToList(), heads, ct);
        foreach (var (_, link, hash) in batch)
        {
            var key = (link.Tenant, link.StreamId);
            var head = heads[key];
            if (link.Version <= head.Version)
            {
                // Already here. Hashes chain, so the file's event at the stored head having the stored hash shows the
                // whole stored stream is the file's.
                if (link.Version == head.Version && hash != head.Hash)
                    throw new ImportConflictException(link.Tenant, link.StreamId, link.Version, "the stored event at this version is not the file's");
                continue;
            }
            if (link.Version != head.Version + 1)
                throw new ImportConflictException(link.Tenant, link.StreamId, link.Version, $"the store has this stream only up to version {head.Version}");
            if (link.PrevHash != (head.Version == 0 ? EventHash.Genesis : head.Hash))
                throw new ImportConflictException(link.Tenant, link.StreamId, link.Version, "its prevHash is not the stored head's hash");
            if (!metadata.TryGetValue(link.MetadataJson, out var kept))
                metadata[link.MetadataJson] = kept = new(EventHash.Canonicalize(link.MetadataJson), ImportCheck.Metadata(link.MetadataJson));
            // EventHash.Compute(link), with the metadata canonicalised once per text rather than once per event.
            if (EventHash.ComputeCanonical(link with { DataJson = EventHash.Canonicalize(link.DataJson), MetadataJson = kept.Canonical }) != hash)
                throw new ImportConflictException(link.Tenant, link.StreamId, link.Version, "its hash does not match its contents");
            if (kept.Metadata is null)
                throw new ImportConflictException(link.Tenant, link.StreamId, link.Version, "its metadata cannot be kept");
            before.TryAdd(key, head.Version);
            write.Add(new CheckedEvent(link, hash, types.Deserialize(link.Type, link.DataJson), kept.Metadata));
            heads[key] = (link.Version, hash);
        }
        // Marten's events are built here too, while the batch before is still being written.
        return new(Copy.Prepare(write), before.Where(b => b.Value > 0).ToDictionary());
    }

    /// <summary>Where these streams stand here (version and last hash); a stream not here stands at 0.</summary>
    private async Task ReadHeads(NpgsqlDataSource database, List<(string Tenant, Guid Stream)> keys, Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)> heads,
        CancellationToken ct)
    {
        if (keys.Count == 0) return;
        foreach (var key in keys) heads[key] = (0, EventHash.Genesis);
        await using var cmd = database.CreateCommand(
            $"select s.tenant_id, s.id, s.version, coalesce(e.headers->>'hash', '') from {Hosting.TrackerStore.Schema}.mt_streams s " +
            "join unnest($1::varchar[], $2::uuid[]) as k(tenant_id, id) on k.tenant_id = s.tenant_id and k.id = s.id " +
            $"left join {Hosting.TrackerStore.Schema}.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.id and e.version = s.version");
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Tenant).ToArray() });
        cmd.Parameters.Add(new() { Value = keys.Select(k => k.Stream).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) heads[(r.GetString(0), r.GetGuid(1))] = ((int)r.GetInt64(2), r.GetString(3));
    }

    private async Task WriteCopied(NpgsqlDataSource database, EventCopy.Prepared batch, IReadOnlyDictionary<(string Tenant, Guid Stream), int> storedVersions,
        CancellationToken ct)
    {
        var events = batch.Events;
        await using var conn = await database.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await Copy.Write(tx, batch, storedVersions, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pkey_mt_streams_tenant_id_id")
        {
            // A stream started by someone else since its head was read.
            throw new ConcurrencyException(events[0].Link.Tenant, events[0].Link.StreamId, ExpectedVersion.NoStream, null);
        }
        await tx.CommitAsync(ct);
    }
}
