namespace Tracker.EventStore;

/// <summary>
/// Where an async projection stands: the last event it applied, in (tx_id, seq_id) order. The events up to a position
/// never change once the daemon has read past it, so whatever a projection folds from them is the same at the same
/// position, whichever node or run folded it.
/// </summary>
public readonly record struct ProjectionPosition(string Tx, long Seq)
{
    public static readonly ProjectionPosition Start = new("0", 0);
}

/// <summary>
/// One batch for an async projection: its events, and the positions its checkpoint moves between when the batch
/// commits. A projection that keeps state in memory between batches can trust it only for a batch that starts where
/// the last batch it saw committed ended (see <c>FoldedStreams</c> in Tracker).
/// </summary>
public sealed record ProjectionBatch(IReadOnlyList<StoredEvent> Events, ProjectionPosition From, ProjectionPosition To);
