using System.Buffers;
using System.Text.Json;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;
using NpgsqlTypes;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;

namespace Tracker.Store;

/// <summary>
/// An event whose chain link and hash were checked (an import) or computed (a bulk append), ready to be copied. The
/// link's payload text is stored as it is, so the stored payload is the hashed one; <paramref name="Data"/> is the
/// same payload as an object, for the inline projections.
/// </summary>
public sealed record CheckedEvent(ChainLink Link, string Hash, object Data, EventMetadata Metadata);

/// <summary>
/// Writes many events at once: binary COPY into Marten's mt_events and mt_streams, then Marten's own inline projections
/// (snapshots, the accounts tables) over the same events, all in the caller's transaction. Marten's
/// BulkInsertEventsAsync commits in a transaction of its own and skips inline projections, so a crash between it and
/// the snapshots would leave streams without them; here events and snapshots commit together or not at all, and the
/// rows are the ones Marten's Quick append writes (same columns, headers as <see cref="EventEnvelope"/> stamps them,
/// sequence numbers from Marten's sequence), so Marten reads and projects them as its own.
/// </summary>
public sealed class EventCopy(DocumentStore store)
{
    private const string S = Hosting.TrackerStore.Schema;

    private readonly Lazy<IInlineProjection<IDocumentOperations>[]> inline = new(() => store.Options.Projections.All
        .Where(p => p.Lifecycle == ProjectionLifecycle.Inline).Select(p => p.BuildForInline()).ToArray());

    /// <summary>
    /// A batch's events as Marten's (stamped, headers already written as JSON), built before the transaction opens: this
    /// is the app's share of the work, which an import does while the batch before it is being written.
    /// </summary>
    public sealed class Prepared
    {
        internal Prepared(IReadOnlyList<CheckedEvent> events, IEvent[] built, byte[][] headers) => (Events, Built, Headers) = (events, built, headers);

        public IReadOnlyList<CheckedEvent> Events { get; }
        internal IEvent[] Built { get; }
        internal byte[][] Headers { get; }
    }

    /// <param name="events">In the order they are to be sequenced; each stream's in version order, continuing its stored head.</param>
    public Prepared Prepare(IReadOnlyList<CheckedEvent> events)
    {
        var built = Build(events);
        var headers = new byte[built.Length][];
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer);
        for (var i = 0; i < built.Length; i++)
        {
            buffer.ResetWrittenCount();
            json.Reset();
            WriteHeaders(json, built[i].Headers);
            headers[i] = buffer.WrittenSpan.ToArray();
        }
        return new Prepared(events, built, headers);
    }

    /// <param name="storedVersions">Each stream's version before this batch; a stream not named is new.</param>
    public async Task Write(NpgsqlTransaction tx, Prepared batch, IReadOnlyDictionary<(string Tenant, Guid Stream), int> storedVersions,
        CancellationToken ct)
    {
        var (events, built) = (batch.Events, batch.Built);
        if (events.Count == 0) return;
        var conn = tx.Connection!;
        var seqs = await Sequences(conn, events.Count, ct);
        for (var i = 0; i < built.Length; i++) built[i].Sequence = seqs[i];
        var streams = built.GroupBy(e => (e.TenantId, e.StreamId))
            .Select(g => (Key: g.Key, Events: g.ToArray(), From: storedVersions.GetValueOrDefault(g.Key))).ToList();

        await CopyNewStreams(conn, streams.Where(s => s.From == 0).Select(s => s.Events), ct);
        await MoveHeads(conn, streams.Where(s => s.From > 0).Select(s => (s.Key, s.From, (long)s.Events[^1].Version)).ToList(), ct);
        await CopyEvents(conn, events, built, batch.Headers, ct);

        // Marten's inline projections, as its append would run them, in the same transaction (one session per newsroom).
        foreach (var tenant in streams.GroupBy(s => s.Key.TenantId))
        {
            var options = SessionOptions.ForTransaction(tx);
            options.TenantId = tenant.Key;
            await using var session = store.LightweightSession(options);
            var actions = tenant.Select(s =>
            {
                var action = s.From == 0 ? StreamAction.Start(s.Key.StreamId, s.Events) : StreamAction.Append(s.Key.StreamId, s.Events);
                action.TenantId = tenant.Key;
                action.Version = s.Events[^1].Version;
                return action;
            }).ToList();
            foreach (var projection in inline.Value) await projection.ApplyAsync(session, actions, ct);
            await session.SaveChangesAsync(ct);
        }
    }

    private static async Task<long[]> Sequences(NpgsqlConnection conn, int count, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select nextval('{S}.mt_events_sequence') from generate_series(1, $1)", conn);
        cmd.Parameters.Add(new() { Value = count });
        var seqs = new long[count];
        await using var r = await cmd.ExecuteReaderAsync(ct);
        for (var i = 0; await r.ReadAsync(ct); i++) seqs[i] = r.GetInt64(0);
        Array.Sort(seqs);
        return seqs;
    }

    /// <summary>Marten's own events (its alias and .NET type name), stamped as the ledger stamps an append; sequenced when written.</summary>
    private IEvent[] Build(IReadOnlyList<CheckedEvent> events)
    {
        var built = new IEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var (link, hash, data, metadata) = events[i];
            var e = store.Events.BuildEvent(data);
            if (e.EventTypeName != link.Type)
                throw new InvalidOperationException($"Event {link.EventId} is a {link.Type} but its payload maps to {e.EventTypeName}.");
            EventEnvelope.Stamp(e, new StoredEvent(0, link.EventId, link.Tenant, link.StreamId, link.StreamType, link.Version,
                link.Type, data, metadata, link.RecordedAt, link.PrevHash, hash));
            e.Version = link.Version;
            e.StreamId = link.StreamId;
            e.TenantId = link.Tenant;
            built[i] = e;
        }
        return built;
    }

    private static async Task CopyNewStreams(NpgsqlConnection conn, IEnumerable<IEvent[]> streams, CancellationToken ct)
    {
        // Columns as Marten's StartStream leaves them: no stream type, timestamps by the server's defaults.
        await using var copy = await conn.BeginBinaryImportAsync($"copy {S}.mt_streams (tenant_id, id, version) from stdin (format binary)", ct);
        foreach (var events in streams)
        {
            copy.StartRow();
            copy.Write(events[0].TenantId, NpgsqlDbType.Varchar);
            copy.Write(events[0].StreamId, NpgsqlDbType.Uuid);
            copy.Write(events[^1].Version, NpgsqlDbType.Bigint);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>Streams that already stood somewhere move on only from where this import found them.</summary>
    private static async Task MoveHeads(NpgsqlConnection conn, List<((string Tenant, Guid Stream) Key, int From, long To)> moves, CancellationToken ct)
    {
        if (moves.Count == 0) return;
        await using var cmd = new NpgsqlCommand(
            $"update {S}.mt_streams s set version = m.version, \"timestamp\" = now() " +
            "from unnest($1::varchar[], $2::uuid[], $3::bigint[], $4::bigint[]) as m(tenant_id, id, expected, version) " +
            "where s.tenant_id = m.tenant_id and s.id = m.id and s.version = m.expected", conn);
        cmd.Parameters.Add(new() { Value = moves.Select(m => m.Key.Tenant).ToArray() });
        cmd.Parameters.Add(new() { Value = moves.Select(m => m.Key.Stream).ToArray() });
        cmd.Parameters.Add(new() { Value = moves.Select(m => (long)m.From).ToArray() });
        cmd.Parameters.Add(new() { Value = moves.Select(m => m.To).ToArray() });
        var moved = await cmd.ExecuteNonQueryAsync(ct);
        if (moved != moves.Count)
            throw new ConcurrencyException(moves[0].Key.Tenant, moves[0].Key.Stream, ExpectedVersion.Exactly(moves[0].From), null);
    }

    private static async Task CopyEvents(NpgsqlConnection conn, IReadOnlyList<CheckedEvent> events, IEvent[] built, byte[][] headers, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync(
            $"copy {S}.mt_events (seq_id, id, stream_id, version, data, type, \"timestamp\", tenant_id, mt_dotnet_type, " +
            "correlation_id, causation_id, headers, is_archived) from stdin (format binary)", ct);
        for (var i = 0; i < built.Length; i++)
        {
            var e = built[i];
            // Synchronous writes: an awaited call per value cost about 15% of a COPY's rate (docs/benchmarks.md).
            copy.StartRow();
            copy.Write(e.Sequence, NpgsqlDbType.Bigint);
            copy.Write(e.Id, NpgsqlDbType.Uuid);
            copy.Write(e.StreamId, NpgsqlDbType.Uuid);
            copy.Write(e.Version, NpgsqlDbType.Bigint);
            copy.Write(events[i].Link.DataJson, NpgsqlDbType.Jsonb);
            copy.Write(e.EventTypeName, NpgsqlDbType.Varchar);
            copy.Write(e.Timestamp, NpgsqlDbType.TimestampTz);
            copy.Write(e.TenantId, NpgsqlDbType.Varchar);
            copy.Write(e.DotNetTypeName, NpgsqlDbType.Varchar);
            WriteOrNull(copy, e.CorrelationId);
            WriteOrNull(copy, e.CausationId);
            copy.Write(headers[i], NpgsqlDbType.Jsonb);
            copy.Write(false, NpgsqlDbType.Boolean);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>
    /// The headers as Marten's serializer writes them, written directly: <see cref="EventEnvelope.Stamp"/> sets only
    /// strings (and always sets some), and serializing the dictionary of objects cost more than the rest of a row.
    /// </summary>
    private static void WriteHeaders(Utf8JsonWriter json, Dictionary<string, object>? headers)
    {
        if (headers is null) throw new InvalidOperationException("An event to copy was not stamped: it carries no chain headers.");
        json.WriteStartObject();
        foreach (var (name, value) in headers)
        {
            if (value is string text) json.WriteString(name, text);
            else
            {
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, value);
            }
        }
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteOrNull(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Varchar);
    }
}
