namespace Tracker.EventStore;

/// <summary>An event as the store holds it: payload, envelope and its place in the stream's hash chain.</summary>
public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    string Tenant,
    Guid StreamId,
    string StreamType,
    int Version,
    string Type,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    string PrevHash,
    string Hash,
    bool IsArchived = false)
{
    /// <summary>The payload exactly as stored and hashed, when the store has it at hand.</summary>
    public string? DataJson { get; init; }

    public string? MetadataJson { get; init; }
}

/// <summary>Events to add to one stream, with the version the writer expects it to be at.</summary>
public sealed record StreamAppend(
    Guid StreamId,
    string StreamType,
    ExpectedVersion Expected,
    IReadOnlyList<object> Events,
    EventMetadata Metadata);

public sealed record AppendResult(Guid StreamId, int Version, string LastHash, IReadOnlyList<StoredEvent> Events);
