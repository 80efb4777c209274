using Marten;
using Tracker.EventStore;

namespace Tracker.Store;

/// <summary>
/// Messages an append owes the outside world, staged on the append's own Marten session so they commit with the
/// events or not at all (Wolverine's outbox, <see cref="Publishing.PublishingOutbox"/>).
/// </summary>
public interface IAppendOutbox
{
    ValueTask Stage(IDocumentSession session, string tenant, IReadOnlyList<AppendResult> results, CancellationToken ct);
}
