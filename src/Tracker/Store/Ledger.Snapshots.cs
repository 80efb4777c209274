using JasperFx.Events;
using Marten;
using Tracker.Claims;
using Tracker.EventStore;

namespace Tracker.Store;

public sealed partial class Ledger
{
    /// <summary>Every inline snapshot of one stream type in the newsroom, oldest stream first.</summary>
    public async Task<IReadOnlyList<Aggregate<T>>> All<T>(string tenant, CancellationToken ct = default) where T : IEvolvingState<T>
    {
        await using var session = store.QuerySession(tenant);
        return await session.Query<Aggregate<T>>().OrderBy(x => x.Created).ThenBy(x => x.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Aggregate<T>>> LoadMany<T>(string tenant, IEnumerable<Guid> ids, CancellationToken ct = default)
        where T : IEvolvingState<T>
    {
        var list = ids.Distinct().ToArray();
        if (list.Length == 0) return [];
        await using var session = store.QuerySession(tenant);
        return await session.LoadManyAsync<Aggregate<T>>(ct, list);
    }

    /// <summary>A story's claims as they stand, in the order they were logged (a claim never moves to another story).</summary>
    public async Task<IReadOnlyList<Aggregate<Claim>>> ClaimsOf(string tenant, Guid storyId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Query<Aggregate<Claim>>().Where(x => x.State.StoryId == storyId)
            .OrderBy(x => x.Created).ThenBy(x => x.Id).ToListAsync(ct);
    }

    /// <summary>Every event of these streams, in the order they were recorded.</summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsOf(string tenant, IReadOnlyCollection<Guid> streams, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenant);
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(streams.ToArray()))
            .OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence).ToListAsync(ct);
        return events.Select(EventEnvelope.From).ToList();
    }

    /// <summary>
    /// Many streams each folded as they stood at a moment (by the recorded time, as <see cref="AggregateStream{T}"/> with
    /// asOf reads one), in one query rather than one per stream: a 4,000-claim story replays and diffs in well under a
    /// second. Null for "now"; streams with nothing by then are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Aggregate<T>>> AggregateStreams<T>(string tenant, IReadOnlyCollection<Guid> streams,
        DateTimeOffset? asOf, CancellationToken ct = default) where T : IEvolvingState<T>
    {
        if (streams.Count == 0) return new Dictionary<Guid, Aggregate<T>>(); // a story without claims: nothing to read
        await using var session = store.QuerySession(tenant);
        var ids = streams.ToArray();
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids));
        if (asOf is { } moment) query = query.Where(e => e.Timestamp <= moment);
        var events = await query.OrderBy(e => e.Sequence).ToListAsync(ct);
        return events.Select(EventEnvelope.From).GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g =>
        {
            var stream = g.OrderBy(e => e.Version).ToList();
            return new Aggregate<T>(stream.Aggregate(T.Initial, T.Evolve), stream[^1].Version, stream[^1].Hash, stream[0].RecordedAt,
                stream[^1].RecordedAt) { Id = g.Key };
        });
    }

    /// <summary>The events at these sequence numbers (a read model's rows name them so), in the newsroom.</summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsAt(string tenant, long[] sequences, CancellationToken ct = default)
    {
        if (sequences.Length == 0) return [];
        await using var session = store.QuerySession(tenant);
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(sequences)).ToListAsync(ct);
        return events.Select(EventEnvelope.From).ToList();
    }
}
