namespace Tracker.EventStore;

/// <summary>
/// An event as the store holds it: payload, envelope and its place in the stream's hash chain. Async projections are
/// given events without their hashes (<see cref="PrevHash"/> and <see cref="Hash"/> empty): they fold payloads only.
/// </summary>
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
    EventMetadata Metadata)
{
    /// <summary>The head the writer decided on; with an exact expected version it makes the append one round trip.</summary>
    public KnownHead? Head { get; init; }
}

/// <summary>Where the stream now stands; <see cref="State"/> is what its inline snapshot folded, when it has one.</summary>
public sealed record AppendResult(Guid StreamId, int Version, string LastHash, IReadOnlyList<StoredEvent> Events)
{
    public object? State { get; init; }

    /// <summary>The head to hand to the next append on this stream.</summary>
    public KnownHead Next => new(Version, LastHash, State);
}
