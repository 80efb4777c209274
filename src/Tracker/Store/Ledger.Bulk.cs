using Tracker.EventStore;
using Tracker.EventStore.Hashing;

namespace Tracker.Store;

public sealed partial class Ledger
{
    /// <summary>
    /// Starts many streams at once (seeding, load tests, the benchmark's large newsrooms): each stream's hash chain is
    /// computed as an append computes it, then the events and their inline snapshots are copied in one transaction
    /// (<see cref="EventCopy"/>). A stream that exists already fails the whole call with <see cref="ConcurrencyException"/>.
    /// Returns the number of events written.
    /// </summary>
    public async Task<long> BulkAppend(string tenant, IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        Validate(tenant, appends);
        if (appends.FirstOrDefault(a => a.Expected.Value != 0) is { } started)
            throw new ArgumentException($"Stream {started.StreamId}: a bulk append only starts new streams.", nameof(appends));
        var now = EventHash.TruncateToMicroseconds(clock.GetUtcNow());
        var ids = new RisingIds(now);
        var events = new List<CheckedEvent>(appends.Sum(a => a.Events.Count));
        foreach (var append in appends)
            foreach (var e in Chain(tenant, append, null, now, ids))
                events.Add(new CheckedEvent(new ChainLink(tenant, e.StreamId, e.StreamType, e.Version, e.Id, e.Type, e.RecordedAt,
                    e.DataJson!, e.MetadataJson!, e.PrevHash), e.Hash, e.Data, e.Metadata));
        await WriteCopied(For(tenant), Copy.Prepare(events), new Dictionary<(string Tenant, Guid Stream), int>(), ct);
        return events.Count;
    }
}
