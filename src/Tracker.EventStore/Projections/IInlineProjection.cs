using Npgsql;

namespace Tracker.EventStore;

/// <summary>A read model updated inside the append transaction: it is never behind the events.</summary>
public interface IInlineProjection
{
    Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct);

    bool Handles(string streamType);

    /// <summary>
    /// Adds this read model's writes for the events to the append's batch, which commits with the events or not at all.
    /// Whatever it must read first, it reads on <see cref="InlineWrite.Connection"/> before the batch runs.
    /// </summary>
    Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct);
}

/// <summary>A cross-stream read model the projection daemon builds after commit, at least once per event, in order.</summary>
public interface IAsyncProjection
{
    /// <summary>Stable name: the checkpoint row and the advisory lock are keyed by it.</summary>
    string Name { get; }

    Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct);

    /// <summary>Runs inside the transaction that also advances the checkpoint, so a batch lands whole or not at all.</summary>
    Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct);

    /// <summary>Clears the read model for a rebuild; runs in the transaction that zeroes the checkpoint.</summary>
    Task Reset(NpgsqlConnection conn, CancellationToken ct);
}

/// <summary>State that can be folded from a stream's events; time travel stops the fold early.</summary>
public interface IEvolvingState<TSelf> where TSelf : IEvolvingState<TSelf>
{
    static abstract TSelf Initial { get; }

    static abstract TSelf Evolve(TSelf state, StoredEvent @event);
}

/// <summary>A folded stream: its state, the version it stands at and the hash its next event chains from.</summary>
public sealed record Aggregate<T>(T State, int Version, string LastHash, DateTimeOffset Created, DateTimeOffset Updated)
{
    /// <summary>What a writer that decided on this state hands to the append, so it need not read the stream again.</summary>
    public KnownHead Head => new(Version, LastHash, State);
}
