using System.Text.Json;
using JasperFx.Events;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;

namespace Tracker.Store;

/// <summary>
/// How Tracker's envelope travels in Marten: the chain fields and the hashed metadata as event headers (correlation and
/// causation in Marten's own columns), the recorded time as the event's timestamp. Headers are set per event, never on
/// the session: a session header would override them.
/// </summary>
public static class EventEnvelope
{
    public const string Hash = "hash";
    public const string PrevHash = "prevHash";
    public const string RecordedAt = "recordedAt";
    public const string StreamType = "streamType";
    public const string Actor = "actor";
    public const string Reason = "reason";
    public const string IdempotencyKey = "idempotencyKey";

    /// <summary>Stamps a built Marten event with the link the ledger hashed for it.</summary>
    public static void Stamp(IEvent e, StoredEvent stored)
    {
        e.Id = stored.Id;
        e.Timestamp = stored.RecordedAt;
        e.SetHeader(Hash, stored.Hash);
        e.SetHeader(PrevHash, stored.PrevHash);
        e.SetHeader(RecordedAt, EventHash.FormatTimestamp(stored.RecordedAt));
        e.SetHeader(StreamType, stored.StreamType);
        var m = stored.Metadata;
        if (m.Actor is not null) e.SetHeader(Actor, m.Actor);
        if (m.Reason is not null) e.SetHeader(Reason, m.Reason);
        if (m.IdempotencyKey is not null) e.SetHeader(IdempotencyKey, m.IdempotencyKey);
        e.CorrelationId = m.CorrelationId?.ToString("D");
        e.CausationId = m.CausationId?.ToString("D");
    }

    /// <summary>A Marten event as Tracker's features fold it.</summary>
    public static StoredEvent From(IEvent e) =>
        new(e.Sequence, e.Id, e.TenantId, e.StreamId, Header(e, StreamType) ?? "", (int)e.Version, e.EventTypeName,
            e.Data, Metadata(e), e.Timestamp, Header(e, PrevHash) ?? "", Header(e, Hash) ?? "");

    public static EventMetadata Metadata(IEvent e) => new(
        Header(e, Actor), Header(e, Reason), ParseId(e.CorrelationId), ParseId(e.CausationId), Header(e, IdempotencyKey));

    public static string? Header(IEvent e, string name) =>
        e.Headers is { } headers && headers.TryGetValue(name, out var value) && value is not null
            ? value is JsonElement json ? json.ValueKind == JsonValueKind.String ? json.GetString() : json.GetRawText() : value.ToString()
            : null;

    private static Guid? ParseId(string? id) => Guid.TryParse(id, out var parsed) ? parsed : null;
}
