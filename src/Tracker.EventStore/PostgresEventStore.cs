using Npgsql;
using NpgsqlTypes;
using Tracker.EventStore.Hashing;
using Tracker.EventStore.Schema;

namespace Tracker.EventStore;

/// <summary>
/// The event store: append with an expected version (one stream or several atomically), read, fold
/// (time travel), archive. Every stream is a SHA-256 hash chain; see <see cref="EventHash"/>.
/// </summary>
public sealed partial class PostgresEventStore(NpgsqlDataSource dataSource, EventStoreOptions options, TimeProvider clock)
{
    private TaskCompletionSource committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NpgsqlDataSource DataSource { get; } = dataSource;
    public EventStoreOptions Options { get; } = options;
    public EventTypeRegistry Types => Options.Types;
    public TimeProvider Clock { get; } = clock;

    /// <summary>Writes that must commit with the events or not at all, added to the append's batch.</summary>
    public delegate void AlsoWrite(InlineWrite write, IReadOnlyList<AppendResult> results);

    public Task Migrate(CancellationToken ct = default) => StoreSchema.Migrate(DataSource, Options, ct);

    public async Task<AppendResult> Append(string tenant, StreamAppend append, CancellationToken ct = default) =>
        (await Append(tenant, [append], null, null, ct))[0];

    public Task<IReadOnlyList<AppendResult>> Append(string tenant, IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
        Append(tenant, appends, null, null, ct);

    /// <summary>
    /// Appends to every stream or to none. A version conflict is raised before any event row is written.
    /// <paramref name="also"/> adds what must commit with the events or not at all (an idempotency record, a credential).
    /// </summary>
    /// <remarks>
    /// When the writer knows every head (new streams, or an exact version with the <see cref="StreamAppend.Head"/> it
    /// decided on), the append is one batch in one round trip: the heads move only if they still stand where the
    /// writer read them, else the batch fails whole. Otherwise the heads are locked and read first.
    /// </remarks>
    /// <param name="session">The unit of work whose connection to use (a web request's); null takes one from the pool for this append.</param>
    public async Task<IReadOnlyList<AppendResult>> Append(string tenant, IReadOnlyList<StreamAppend> appends,
        AlsoWrite? also, StoreSession? session = null, CancellationToken ct = default)
    {
        ValidateAppends(tenant, appends);
        await using var lease = await StoreSession.Open(session, DataSource, ct);
        var conn = lease.Connection;
        try
        {
            if (appends.All(HeadIsKnown))
            {
                try
                {
                    var known = appends.Where(a => a.Head is not null).ToDictionary(a => a.StreamId,
                        a => new StreamHead(a.StreamType, a.Head!.Version, a.Head.LastHash, false));
                    return Committed(await Write(conn, tenant, appends, known, also, ct));
                }
                catch (PostgresException e) when (e.SqlState == HeadMoved)
                {
                    await ThrowWhyHeadMoved(conn, tenant, appends, ct);
                }
            }
            await using var tx = await conn.BeginTransactionAsync(ct);
            var heads = await LockStreams(conn, tenant, appends.Select(a => a.StreamId).ToArray(), ct);
            var results = await Write(conn, tenant, appends, heads, also, ct);
            await tx.CommitAsync(ct);
            return Committed(results);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && IsStreamConflict(e))
        {
            // Two writers created the same stream at once; the loser sees the same conflict as any other.
            var loser = appends.FirstOrDefault(a => !a.Expected.IsAny && a.Expected.Value == 0) ?? appends[0];
            throw new ConcurrencyException(tenant, loser.StreamId, loser.Expected, null);
        }
    }

    /// <summary>The SQLSTATE a head move raises when the head is not where the writer read it.</summary>
    private const string HeadMoved = "TK409";

    private static bool HeadIsKnown(StreamAppend a) =>
        a.Head is null ? !a.Expected.IsAny && a.Expected.Value == 0 : a.Expected.Value == a.Head.Version;

    private IReadOnlyList<AppendResult> Committed(IReadOnlyList<AppendResult> results)
    {
        SignalCommit();
        return results;
    }

    /// <summary>Plans the events against the heads, then writes heads, events, inline read models and extras in one batch.</summary>
    private async Task<IReadOnlyList<AppendResult>> Write(NpgsqlConnection conn, string tenant, IReadOnlyList<StreamAppend> appends,
        IReadOnlyDictionary<Guid, StreamHead> heads, AlsoWrite? also, CancellationToken ct)
    {
        var now = EventHash.TruncateToMicroseconds(Clock.GetUtcNow());
        // Heads move in id order, so two multi-stream appends lock them in the same order and never deadlock.
        var ids = new RisingIds(now);
        var plans = appends.Select(a => Plan(tenant, a, heads.GetValueOrDefault(a.StreamId), now, ids)).OrderBy(p => p.StreamId).ToList();
        var events = plans.SelectMany(p => p.Events).ToList();

        await using var batch = new NpgsqlBatch(conn);
        foreach (var plan in plans) batch.BatchCommands.Add(MoveHead(tenant, plan));
        batch.BatchCommands.Add(InsertEvents(tenant, events));

        var known = appends.Where(a => a.Head is not null).ToDictionary(a => a.StreamId, a => a.Head!);
        var write = new InlineWrite(this, conn, batch, known);
        await PrepareInlineProjections(write, events, ct);
        var results = appends.Select(a => plans.Single(p => p.StreamId == a.StreamId)).Select(p =>
            new AppendResult(p.StreamId, p.Events[^1].Version, p.Events[^1].Hash, p.Events) { State = write.FoldedState(p.StreamId) }).ToList();
        also?.Invoke(write, results);

        // Each existing head's move answers one row first; then the events insert returns the sequence numbers.
        var sequence = new Dictionary<Guid, long>(events.Count);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            for (var moved = plans.Count(p => !p.IsNew); moved > 0; moved--) await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) sequence[reader.GetGuid(0)] = reader.GetInt64(1);
            while (await reader.NextResultAsync(ct)) { }
        }
        return results.Select(r => r with { Events = r.Events.Select(e => e with { Sequence = sequence[e.Id] }).ToList() }).ToList();
    }

    /// <summary>
    /// Completes at this process's next commit, so a local daemon picks events up at once. It replaces
    /// LISTEN/NOTIFY on purpose: a NOTIFY in the append transaction takes a cluster-wide lock at commit and
    /// serialises every writer's commit. Other nodes' commits are found by polling.
    /// </summary>
    public Task NextCommit() => Volatile.Read(ref committed).Task;

    internal void SignalCommit() =>
        Interlocked.Exchange(ref committed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Only the store's own keys mean "the stream moved on"; a read model's unique key is the caller's business.</summary>
    private bool IsStreamConflict(PostgresException e) =>
        e.SchemaName == Options.Schema && e.TableName is "streams" or "events";

    private static void ValidateAppends(string tenant, IReadOnlyList<StreamAppend> appends)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (appends.Count == 0) throw new ArgumentException("Nothing to append.", nameof(appends));
        if (appends.Any(a => a.Events.Count == 0)) throw new ArgumentException("Every stream append needs at least one event.", nameof(appends));
        if (appends.Select(a => a.StreamId).Distinct().Count() != appends.Count)
            throw new ArgumentException("Each stream may appear once per append.", nameof(appends));
        if (appends.FirstOrDefault(a => a.Head is not null && a.Expected.Value != a.Head.Version) is { } odd)
            throw new ArgumentException($"Stream {odd.StreamId}: a known head needs the exact expected version it stands at.", nameof(appends));
    }

    private sealed record StreamHead(string Type, int Version, string LastHash, bool IsArchived);

    private sealed record AppendPlan(Guid StreamId, bool IsNew, List<StoredEvent> Events);

    private Task<Dictionary<Guid, StreamHead>> LockStreams(NpgsqlConnection conn, string tenant, Guid[] ids, CancellationToken ct) =>
        ReadHeads(conn, tenant, ids, lockThem: true, ct);

    private async Task<Dictionary<Guid, StreamHead>> ReadHeads(NpgsqlConnection conn, string tenant, Guid[] ids, bool lockThem, CancellationToken ct)
    {
        // Locking in id order keeps two multi-stream appends from deadlocking each other.
        await using var cmd = new NpgsqlCommand(
            $"select id, type, version, last_hash, is_archived from {Options.Q("streams")} " +
            "where tenant_id = $1 and id = any($2) order by id" + (lockThem ? " for update" : ""), conn);
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = ids });
        var heads = new Dictionary<Guid, StreamHead>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            heads[reader.GetGuid(0)] = new StreamHead(reader.GetString(1), reader.GetInt32(2),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(3)), reader.GetBoolean(4));
        return heads;
    }

    /// <param name="ids">The append's event ids, rising across all its streams, so they go into the id index side by side.</param>
    private AppendPlan Plan(string tenant, StreamAppend append, StreamHead? head, DateTimeOffset now, RisingIds ids)
    {
        var actual = head?.Version ?? 0;
        if (!append.Expected.Accepts(actual)) throw new ConcurrencyException(tenant, append.StreamId, append.Expected, actual);
        if (head is { IsArchived: true }) throw new StreamArchivedException(tenant, append.StreamId);
        if (head is not null && head.Type != append.StreamType)
            throw new InvalidOperationException($"Stream {append.StreamId} is a {head.Type}, not a {append.StreamType}.");

        // Stored JSON is written in canonical form, so hashing needs no second parse and jsonb stores the same value.
        var metadataJson = StoreJson.SerializeCanonical(append.Metadata);
        var prevHash = head?.LastHash ?? EventHash.Genesis;
        var events = new List<StoredEvent>(append.Events.Count);
        var version = actual;
        foreach (var data in append.Events)
        {
            var alias = Types.AliasFor(data.GetType());
            var link = new ChainLink(tenant, append.StreamId, append.StreamType, ++version, ids.Next(),
                alias, now, Types.SerializeCanonical(data), metadataJson, prevHash);
            var hash = EventHash.ComputeCanonical(link);
            events.Add(new StoredEvent(0, link.EventId, tenant, append.StreamId, append.StreamType, version, alias, data,
                append.Metadata, now, prevHash, hash) { DataJson = link.DataJson, MetadataJson = metadataJson });
            prevHash = hash;
        }
        return new AppendPlan(append.StreamId, head is null, events);
    }

    private NpgsqlBatchCommand MoveHead(string tenant, AppendPlan plan)
    {
        var last = plan.Events[^1];
        return plan.IsNew
            ? Command($"insert into {Options.Q("streams")} (tenant_id, id, type, version, last_hash, created, \"timestamp\") values ($1, $2, $3, $4, $5, $6, $6)",
                tenant, plan.StreamId, last.StreamType, last.Version, Convert.FromHexString(last.Hash), last.RecordedAt)
            : Command($"with moved as (update {Options.Q("streams")} set version = $6, last_hash = $7, \"timestamp\" = $8 " +
                "where tenant_id = $1 and id = $2 and type = $3 and version = $4 and last_hash = $5 and not is_archived returning 1) " +
                $"select case when exists (select from moved) then 1 else {Options.Q("stream_not_at")}($2, $4) end",
                tenant, plan.StreamId, last.StreamType, plan.Events[0].Version - 1, Convert.FromHexString(plan.Events[0].PrevHash),
                last.Version, Convert.FromHexString(last.Hash), last.RecordedAt);
    }

    private NpgsqlBatchCommand InsertEvents(string tenant, List<StoredEvent> events)
    {
        const string Columns = "(id, tenant_id, stream_id, version, type, data, metadata, \"timestamp\", prev_hash, hash)";
        if (events is [var e])
        {
            // Most commands append one event: plain values spare building and unpacking ten arrays.
            var one = Command($"insert into {Options.Q("events")} {Columns} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id, seq_id",
                e.Id, tenant, e.StreamId, e.Version, e.Type, e.DataJson!, e.MetadataJson!, e.RecordedAt,
                Convert.FromHexString(e.PrevHash), Convert.FromHexString(e.Hash));
            one.Parameters[5].NpgsqlDbType = NpgsqlDbType.Jsonb;
            one.Parameters[6].NpgsqlDbType = NpgsqlDbType.Jsonb;
            return one;
        }
        var insert = new NpgsqlBatchCommand(
            $"insert into {Options.Q("events")} {Columns} " +
            "select id, $2, stream_id, version, type, data, metadata, ts, prev_hash, hash " +
            "from unnest($1, $3, $4, $5, $6, $7, $8, $9, $10) as e(id, stream_id, version, type, data, metadata, ts, prev_hash, hash) " +
            "returning id, seq_id");
        insert.Parameters.Add(new() { Value = events.Select(e => e.Id).ToArray() });
        insert.Parameters.Add(new() { Value = tenant });
        insert.Parameters.Add(new() { Value = events.Select(e => e.StreamId).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Version).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Type).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.DataJson!).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new() { Value = events.Select(e => e.MetadataJson!).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new() { Value = events.Select(e => e.RecordedAt).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => Convert.FromHexString(e.PrevHash)).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => Convert.FromHexString(e.Hash)).ToArray() });
        return insert;
    }

    private async Task PrepareInlineProjections(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var projection in Options.InlineProjections)
        {
            var handled = events.Where(e => projection.Handles(e.StreamType)).ToList();
            if (handled.Count > 0) await projection.Prepare(write, handled, ct);
        }
    }

    /// <summary>A known head was not where the writer read it: say which stream moved, and how.</summary>
    private async Task ThrowWhyHeadMoved(NpgsqlConnection conn, string tenant, IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var heads = await ReadHeads(conn, tenant, appends.Select(a => a.StreamId).ToArray(), lockThem: false, ct);
        foreach (var a in appends.Where(a => a.Head is not null))
        {
            var head = heads.GetValueOrDefault(a.StreamId);
            if (head is null || head.Version != a.Head!.Version) throw new ConcurrencyException(tenant, a.StreamId, a.Expected, head?.Version ?? 0);
            if (head.IsArchived) throw new StreamArchivedException(tenant, a.StreamId);
            if (head.Type != a.StreamType) throw new InvalidOperationException($"Stream {a.StreamId} is a {head.Type}, not a {a.StreamType}.");
            if (head.LastHash != a.Head.LastHash) throw new ArgumentException($"Stream {a.StreamId}'s last hash at version {head.Version} is not the one given.");
        }
        // Every head stands where it was read: it moved and came back? Impossible in an append-only store; report it plainly.
        throw new InvalidOperationException("A stream head check failed but no head differs from what the writer read.");
    }

    internal static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        return command;
    }
}
