using System.Text.Json.Serialization;

namespace Tracker.EventStore;

/// <summary>State that can be folded from a stream's events; time travel stops the fold early.</summary>
public interface IEvolvingState<TSelf> where TSelf : IEvolvingState<TSelf>
{
    static abstract TSelf Initial { get; }

    static abstract TSelf Evolve(TSelf state, StoredEvent @event);
}

/// <summary>
/// A folded stream: its state, the version it stands at and the hash its next event chains from. Stored as the
/// stream's inline snapshot document, keyed by the stream id.
/// </summary>
public sealed record Aggregate<T>(T State, int Version, string LastHash, DateTimeOffset Created, DateTimeOffset Updated)
{
    public Guid Id { get; init; }

    /// <summary>What a writer that decided on this state hands to the append, so its events chain from this head.</summary>
    [JsonIgnore]
    public KnownHead Head => new(Version, LastHash, State);
}

/// <summary>What the writer read before deciding: the stream's version, its last hash and optionally its folded state.</summary>
public sealed record KnownHead(int Version, string LastHash, object? State = null);
