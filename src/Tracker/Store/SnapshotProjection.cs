using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.EventStore;

namespace Tracker.Store;

/// <summary>
/// Marten's inline snapshot of one stream type: the feature's own evolve function folded into an
/// <see cref="Aggregate{T}"/> document that also keeps the version and the last event's hash, so a writer has the
/// head its next event chains from without reading the stream. The same fold serves time travel
/// (AggregateStreamAsync by version or timestamp).
/// </summary>
public sealed class SnapshotProjection<T> : SingleStreamProjection<Aggregate<T>, Guid> where T : IEvolvingState<T>
{
    /// <param name="eventTypes">The stream type's events: the snapshot takes no other, so no other stream gets one.</param>
    public SnapshotProjection(string name, IEnumerable<Type> eventTypes)
    {
        Name = name;
        foreach (var type in eventTypes) IncludeType(type);
    }

    public override Aggregate<T> Evolve(Aggregate<T>? snapshot, Guid id, IEvent e)
    {
        var state = T.Evolve(snapshot is null ? T.Initial : snapshot.State, EventEnvelope.From(e));
        return new Aggregate<T>(state, (int)e.Version, EventEnvelope.Header(e, EventEnvelope.Hash) ?? "",
            snapshot?.Created ?? e.Timestamp, e.Timestamp) { Id = id };
    }
}
