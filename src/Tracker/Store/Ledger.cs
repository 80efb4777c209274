using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Npgsql;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;

namespace Tracker.Store;

/// <summary>
/// Tracker's events on Marten: appends that extend each stream's hash chain, inline snapshots read for writing,
/// time travel and stream reads. Marten stores, versions, projects and guards concurrency; this adds only the chain,
/// computed in the write path from the head the writer decided on (never in a session listener, which runs after
/// inline projections and once forked a chain).
/// </summary>
/// <param name="projections">The async read models Marten's daemon keeps, for their lag.</param>
public sealed partial class Ledger(IDocumentStore store, NpgsqlDataSource dataSource, EventTypeRegistry types, TimeProvider clock,
    IEnumerable<ISqlProjection> projections, IEnumerable<IAppendOutbox> outboxes)
{
    public IDocumentStore Store => store;
    /// <summary>The main database (see <see cref="For"/> for a newsroom's).</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The database holding a newsroom's events and read models, as Marten's tenancy places it.</summary>
    public NpgsqlDataSource For(string newsroom) =>
        ((Weasel.Postgresql.PostgresqlDatabase)((DocumentStore)store).Tenancy.GetTenant(newsroom).Database).DataSource;

    /// <summary>Every database of the installation, the main one first.</summary>
    public async Task<IReadOnlyList<NpgsqlDataSource>> Databases() =>
        (await store.Storage.AllDatabases()).Cast<Weasel.Postgresql.PostgresqlDatabase>().Select(d => d.DataSource).ToList();
    public EventTypeRegistry Types => types;
    public TimeProvider Clock => clock;

    /// <summary>Writes that must commit with the events or not at all (an idempotency record, a credential), queued on the append's session.</summary>
    public delegate void AlsoWrite(IDocumentSession session, IReadOnlyList<AppendResult> results);

    public async Task<AppendResult> Append(string tenant, StreamAppend append, CancellationToken ct = default) =>
        (await Append(tenant, [append], null, ct))[0];

    /// <summary>
    /// Appends to every stream or to none, in one Marten session and transaction. A stream that moved since the writer
    /// read its head fails the whole append with <see cref="ConcurrencyException"/>; so does starting a stream that exists.
    /// </summary>
    /// <param name="within">A transaction of the caller's to append in (it commits, not the ledger); null opens the ledger's own.</param>
    public async Task<IReadOnlyList<AppendResult>> Append(string tenant, IReadOnlyList<StreamAppend> appends, AlsoWrite? also,
        CancellationToken ct = default, NpgsqlTransaction? within = null)
    {
        Validate(tenant, appends);
        await using var session = within is null
            ? store.LightweightSession(tenant)
            : store.LightweightSession(SessionWithin(within, tenant));
        var ordered = await Chain(session, tenant, appends, ct);
        also?.Invoke(session, ordered);
        // Outbox messages are sent when this session commits; in a caller's transaction that is not the commit, so none are
        // staged there (no such caller approves or voids a verdict).
        if (within is null) await StageOutbox(session, tenant, ordered, ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflict(e) is { } streamId)
        {
            var loser = appends.FirstOrDefault(a => a.StreamId == streamId) ?? appends[0];
            throw new ConcurrencyException(tenant, loser.StreamId, loser.Expected, null);
        }
        return ordered;
    }

    /// <summary>
    /// Queues appends on a session someone else commits (Wolverine's transactional middleware): each stream's events are
    /// chained from the head its writer decided on and appended at the version after it, and the outbox messages they
    /// owe are staged on the same session. Nothing is saved here.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> Stage(IDocumentSession session, string tenant, IReadOnlyList<StreamAppend> appends,
        CancellationToken ct = default)
    {
        Validate(tenant, appends);
        if (session.TenantId != tenant) throw new InvalidOperationException($"The session is for tenant '{session.TenantId}', not '{tenant}'.");
        var ordered = await Chain(session, tenant, appends, ct);
        await StageOutbox(session, tenant, ordered, ct);
        return ordered;
    }

    /// <summary>Chains and appends every stream on the session, without saving; results in the order the appends were given.</summary>
    private async Task<IReadOnlyList<AppendResult>> Chain(IDocumentSession session, string tenant, IReadOnlyList<StreamAppend> appends,
        CancellationToken ct)
    {
        // Marten fills an event's correlation and causation from the ambient trace when the event has none; here they
        // are hashed metadata, so each event carries exactly what was hashed and the session adds nothing.
        session.CorrelationId = null;
        session.CausationId = null;
        var now = EventHash.TruncateToMicroseconds(clock.GetUtcNow());
        var ids = new RisingIds(now);
        var results = new List<AppendResult>(appends.Count);
        // Streams in id order, so two multi-stream appends touch their rows in the same order.
        foreach (var append in appends.OrderBy(a => a.StreamId))
        {
            var head = append.Head ?? (append.Expected.Value == 0 ? null : await ReadHead(session, tenant, append, ct));
            var chained = Chain(tenant, append, head, now, ids);
            var events = chained.Select(stored =>
            {
                var e = session.Events.BuildEvent(stored.Data);
                EventEnvelope.Stamp(e, stored);
                return (object)e;
            }).ToArray();
            if (head is null) session.Events.StartStream(append.StreamId, events);
            else session.Events.Append(append.StreamId, (long)chained[^1].Version, events);
            results.Add(new AppendResult(append.StreamId, chained[^1].Version, chained[^1].Hash, chained));
        }
        return appends.Select(a => results.Single(r => r.StreamId == a.StreamId)).ToList();
    }

    private async Task StageOutbox(IDocumentSession session, string tenant, IReadOnlyList<AppendResult> results, CancellationToken ct)
    {
        foreach (var outbox in outboxes) await outbox.Stage(session, tenant, results, ct);
    }

    private static Marten.Services.SessionOptions SessionWithin(NpgsqlTransaction transaction, string tenant)
    {
        var options = Marten.Services.SessionOptions.ForTransaction(transaction);
        options.TenantId = tenant;
        return options;
    }

    /// <summary>The stream id a Marten concurrency failure names, when it is one.</summary>
    internal static Guid? Conflict(Exception e) => e switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException c => c.Id is Guid id ? id : Guid.Empty,
        EventStreamUnexpectedMaxEventIdException u => u.Id is Guid id ? id : Guid.Empty,
        JasperFx.ConcurrencyException c => c.Id is Guid id ? id : Guid.Empty,
        MartenCommandException { InnerException: { } inner } => Conflict(inner),
        _ => null,
    };

    /// <summary>Gives each event its version, id, time and place in the chain, from the head the writer decided on.</summary>
    private List<StoredEvent> Chain(string tenant, StreamAppend append, KnownHead? head, DateTimeOffset now, RisingIds ids)
    {
        // Metadata is written in canonical form once per append: the same text is hashed for every event.
        var metadataJson = StoreJson.SerializeCanonical(append.Metadata);
        var prevHash = head?.LastHash ?? EventHash.Genesis;
        var version = head?.Version ?? 0;
        var chained = new List<StoredEvent>(append.Events.Count);
        foreach (var data in append.Events)
        {
            var alias = types.AliasFor(data.GetType());
            var link = new ChainLink(tenant, append.StreamId, append.StreamType, ++version, ids.Next(), alias, now,
                types.SerializeCanonical(data), metadataJson, prevHash);
            var hash = EventHash.ComputeCanonical(link);
            chained.Add(new StoredEvent(0, link.EventId, tenant, append.StreamId, append.StreamType, version, alias, data,
                append.Metadata, now, prevHash, hash) { DataJson = link.DataJson, MetadataJson = metadataJson });
            prevHash = hash;
        }
        return chained;
    }

    /// <summary>For an append that names no head: where the stream stands now (its last event's version and hash).</summary>
    private static async Task<KnownHead?> ReadHead(IDocumentSession session, string tenant, StreamAppend append, CancellationToken ct)
    {
        var state = await session.Events.FetchStreamStateAsync(append.StreamId, ct);
        if (state is null)
        {
            if (append.Expected.IsAny) return null;
            throw new ConcurrencyException(tenant, append.StreamId, append.Expected, 0);
        }
        if (!append.Expected.Accepts((int)state.Version)) throw new ConcurrencyException(tenant, append.StreamId, append.Expected, (int)state.Version);
        var last = (await session.Events.FetchStreamAsync(append.StreamId, state.Version, token: ct))[^1];
        return new KnownHead((int)last.Version, EventEnvelope.Header(last, EventEnvelope.Hash) ?? "");
    }

    private static void Validate(string tenant, IReadOnlyList<StreamAppend> appends)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (appends.Count == 0) throw new ArgumentException("Nothing to append.", nameof(appends));
        if (appends.Any(a => a.Events.Count == 0)) throw new ArgumentException("Every stream append needs at least one event.", nameof(appends));
        if (appends.Select(a => a.StreamId).Distinct().Count() != appends.Count)
            throw new ArgumentException("Each stream may appear once per append.", nameof(appends));
        if (appends.FirstOrDefault(a => a.Head is not null && a.Expected.Value != a.Head.Version) is { } odd)
            throw new ArgumentException($"Stream {odd.StreamId}: a known head needs the exact expected version it stands at.", nameof(appends));
    }

    /// <summary>The current state of one stream from its inline snapshot, or null when the newsroom has no such stream.</summary>
    public async Task<Aggregate<T>?> Load<T>(string tenant, Guid id, CancellationToken ct = default) where T : IEvolvingState<T>
    {
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<Aggregate<T>>(id, ct);
    }

    /// <summary>
    /// Folds a stream as it stood at a version or a moment (both inclusive); null when nothing was there yet. Marten folds
    /// from the latest replay milestone at or before that point, when the daemon has made one, rather than from the start.
    /// </summary>
    public async Task<Aggregate<T>?> AggregateStream<T>(string tenant, Guid id, int? version = null, DateTimeOffset? asOf = null,
        CancellationToken ct = default) where T : IEvolvingState<T>
    {
        var milestone = version < Replay.ReplayMilestones.Every
            ? null // no milestone comes that early: spare the look-up
            : await Replay.ReplayMilestones.Latest<T>(For(tenant).CreateCommand(), tenant, id, version, asOf, ct);
        await using var session = store.QuerySession(tenant);
        return await session.Events.AggregateStreamAsync(id, version ?? 0, asOf, milestone, milestone is null ? 0 : milestone.Version + 1, ct);
    }

    /// <summary>A stream's events in version order, optionally only up to a version or a moment.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStream(string tenant, Guid id, int? toVersion = null, DateTimeOffset? asOf = null,
        CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenant);
        var events = await session.Events.FetchStreamAsync(id, toVersion ?? 0, asOf, token: ct);
        return events.Select(e => EventEnvelope.From(e) with { }).Select(e => e with { DataJson = types.SerializeCanonical(e.Data) }).ToList();
    }
}
