using Npgsql;
using Tracker.EventStore.Hashing;

namespace Tracker.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// The columns <see cref="ReadProjected"/> expects, for a query over events e joined to streams s. Not the hashes:
    /// a projection folds payloads, and a rebuild decoding two hashes per event spent its time collecting them.
    /// </summary>
    internal const string ProjectedColumns =
        "e.seq_id, e.id, e.tenant_id, e.stream_id, s.type, e.version, e.type, e.data::text, e.metadata::text, e.\"timestamp\", e.is_archived";

    internal string EventsJoinStreams =>
        $"{Options.Q("events")} e join {Options.Q("streams")} s on s.tenant_id = e.tenant_id and s.id = e.stream_id";

    /// <summary>A stream's events in version order, optionally only up to a version or a moment (time travel).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStream(string tenant, Guid streamId, int? toVersion = null,
        DateTimeOffset? asOf = null, StoreSession? session = null, CancellationToken ct = default)
    {
        await using var lease = await StoreSession.Open(session, DataSource, ct);
        return await ReadStream(lease.Connection, tenant, streamId, toVersion, asOf, ct);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStream(NpgsqlConnection conn, string tenant, Guid streamId,
        int? toVersion = null, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        // One round trip: the stream's type once, then its events without a join per row.
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(Command($"select type from {Options.Q("streams")} where tenant_id = $1 and id = $2", tenant, streamId));
        var sql = $"select {StreamEventColumns} from {Options.Q("events")} e where e.tenant_id = $1 and e.stream_id = $2";
        var events = Command("", tenant, streamId);
        if (toVersion is { } version)
        {
            events.Parameters.Add(new() { Value = version });
            sql += $" and e.version <= ${events.Parameters.Count}";
        }
        if (asOf is { } moment)
        {
            events.Parameters.Add(new() { Value = moment.ToUniversalTime() });
            sql += $" and e.\"timestamp\" <= ${events.Parameters.Count}";
        }
        events.CommandText = sql + " order by e.version";
        batch.BatchCommands.Add(events);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return [];
        var streamType = reader.GetString(0);
        await reader.NextResultAsync(ct);
        var result = new List<StoredEvent>();
        var metadata = new MetadataCache();
        while (await reader.ReadAsync(ct)) result.Add(ReadStreamEvent(reader, tenant, streamId, streamType, metadata));
        return result;
    }

    /// <summary>Folds a stream through <typeparamref name="T"/>'s evolve, stopping at a version or a moment. Null when nothing is there.</summary>
    public async Task<Aggregate<T>?> AggregateStream<T>(string tenant, Guid streamId, int? version = null,
        DateTimeOffset? asOf = null, StoreSession? session = null, CancellationToken ct = default) where T : IEvolvingState<T>
    {
        var events = await ReadStream(tenant, streamId, version, asOf, session, ct);
        return Fold<T>(events);
    }

    /// <summary>
    /// Marten's FetchForWriting: the state a command decides on, with the head its append will name. Taken from the
    /// inline snapshot when the stream type has one (one round trip, no replay), else folded from the stream.
    /// Null when the tenant has no such stream of that type.
    /// </summary>
    public async Task<Aggregate<T>?> FetchForWriting<T>(string tenant, Guid streamId, string streamType, StoreSession? session = null,
        CancellationToken ct = default) where T : IEvolvingState<T> =>
        (await FetchForWriting<T, T>(tenant, streamId, streamType, null, default, session, ct)).Stream;

    /// <summary>
    /// <see cref="FetchForWriting{T}(string, Guid, string, CancellationToken)"/> together with the current state of another
    /// stream the decision needs (an attribution's source), in the same round trip.
    /// </summary>
    public async Task<(Aggregate<T>? Stream, Aggregate<TOther>? Other)> FetchForWriting<T, TOther>(string tenant, Guid streamId, string streamType,
        SnapshotProjection<TOther>? other, Guid otherId, StoreSession? session = null, CancellationToken ct = default)
        where T : IEvolvingState<T> where TOther : IEvolvingState<TOther>
    {
        var snapshot = Options.InlineProjections.OfType<SnapshotProjection<T>>().FirstOrDefault(p => p.Handles(streamType));
        Aggregate<T>? current = null;
        Aggregate<TOther>? alongside = null;
        await using var lease = await StoreSession.Open(session, DataSource, ct);
        if (snapshot is not null || other is not null)
        {
            await using var batch = new NpgsqlBatch(lease.Connection);
            if (snapshot is not null) batch.BatchCommands.Add(snapshot.WithHeadCommand(Options.Q("streams"), tenant, streamId));
            if (other is not null) batch.BatchCommands.Add(other.LoadCommand(tenant, otherId));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (snapshot is not null)
            {
                current = await snapshot.ReadWithHead(reader, ct);
                await reader.NextResultAsync(ct);
            }
            if (other is not null) alongside = await other.ReadLoaded(reader, ct);
        }
        if (current is not null) return (current, alongside);
        var events = await ReadStream(lease.Connection, tenant, streamId, ct: ct);
        return (events.Count == 0 || events[0].StreamType != streamType ? null : Fold<T>(events), alongside);
    }

    public static Aggregate<T>? Fold<T>(IReadOnlyList<StoredEvent> events) where T : IEvolvingState<T>
    {
        if (events.Count == 0) return null;
        var state = T.Initial;
        foreach (var e in events) state = T.Evolve(state, e);
        return new Aggregate<T>(state, events[^1].Version, events[^1].Hash, events[0].RecordedAt, events[^1].RecordedAt);
    }

    /// <summary>The stream's type and version, or null when it does not exist in this tenant.</summary>
    public async Task<(string Type, int Version, bool IsArchived)?> FetchStreamState(string tenant, Guid streamId, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand($"select type, version, is_archived from {Options.Q("streams")} where tenant_id = $1 and id = $2");
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = streamId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2)) : null;
    }

    /// <summary>Marks a stream and its events archived: kept, hashed and exported, but closed to new events.</summary>
    public async Task Archive(string tenant, Guid streamId, CancellationToken ct = default)
    {
        await using var batch = DataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"update {Options.Q("streams")} set is_archived = true where tenant_id = $1 and id = $2", tenant, streamId));
        batch.BatchCommands.Add(Command($"update {Options.Q("events")} set is_archived = true where tenant_id = $1 and stream_id = $2 and not is_archived", tenant, streamId));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The columns <see cref="ReadStreamEvent"/> expects: one stream's events, whose tenant, id and type are known.</summary>
    private const string StreamEventColumns =
        "e.seq_id, e.id, e.version, e.type, e.data::text, e.metadata::text, e.\"timestamp\", e.prev_hash, e.hash, e.is_archived";

    private StoredEvent ReadStreamEvent(NpgsqlDataReader r, string tenant, Guid streamId, string streamType, MetadataCache metadata) =>
        Decode(r.GetInt64(0), r.GetGuid(1), tenant, streamId, streamType, r.GetInt32(2), r, 3, metadata);

    /// <summary>Events appended by one command share their metadata text: decode it once.</summary>
    internal sealed class MetadataCache
    {
        private string? lastJson;
        private EventMetadata last = EventMetadata.None;

        public EventMetadata Get(string json)
        {
            if (json != lastJson) (lastJson, last) = (json, StoreJson.DeserializeMetadata(json));
            return last;
        }
    }

    /// <summary>An event as async projections are given it: its hashes empty (see <see cref="ProjectedColumns"/>).</summary>
    internal StoredEvent ReadProjected(NpgsqlDataReader r, MetadataCache metadata) =>
        Decode(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetString(4), r.GetInt32(5), r, 6, metadata, withHashes: false);

    /// <summary>
    /// The payload columns from <paramref name="at"/> on: type, data, metadata, timestamp, then prev_hash and hash when
    /// <paramref name="withHashes"/> (else both are left empty), then is_archived.
    /// </summary>
    private StoredEvent Decode(long sequence, Guid id, string tenant, Guid streamId, string streamType, int version,
        NpgsqlDataReader r, int at, MetadataCache metadata, bool withHashes = true)
    {
        var type = r.GetString(at);
        var dataJson = r.GetString(at + 1);
        var metadataJson = r.GetString(at + 2);
        var (prevHash, hash) = withHashes
            ? (Convert.ToHexStringLower(r.GetFieldValue<byte[]>(at + 4)), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(at + 5)))
            : ("", "");
        return new StoredEvent(sequence, id, tenant, streamId, streamType, version, type,
            Types.Deserialize(type, dataJson), metadata.Get(metadataJson), r.GetFieldValue<DateTimeOffset>(at + 3),
            prevHash, hash, r.GetBoolean(at + (withHashes ? 6 : 4)))
        {
            DataJson = dataJson,
            MetadataJson = metadataJson,
        };
    }

    /// <summary>The chain fields of a stored event, to recompute its hash.</summary>
    public static ChainLink LinkOf(StoredEvent e) =>
        new(e.Tenant, e.StreamId, e.StreamType, e.Version, e.Id, e.Type, e.RecordedAt, e.DataJson!, e.MetadataJson!, e.PrevHash);
}
