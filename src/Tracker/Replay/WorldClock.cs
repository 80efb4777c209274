using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Store;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>An event of the story or of one of its claims, with the moment it stands for on the world's clock.</summary>
public sealed record WorldEvent(StoredEvent Event, DateTimeOffset WorldAt);

/// <summary>
/// A story and its claims read by the world's clock: what had happened in the world by a moment, not what the desk
/// had recorded by then. Each event's world time is:
/// <list type="bullet">
/// <item>claim_logged: its claimedAt;</item>
/// <item>attribution_added: the attributed source's publishedAt as the source stood when the attribution was recorded;
/// for a source with none (a person, a body), the claim's world time so far;</item>
/// <item>story_opened: the earliest claim_logged world time of the story's claims, so a story opened after the fact
/// stands from its first claim;</item>
/// <item>every other event (verdicts, corrections, links, withdrawals, retitles, closing): when it was recorded, as it is the desk's act;</item>
/// </list>
/// never later than when the event was recorded (the world's clock is never ahead of the audit clock), and never earlier
/// than the event before it in its stream: a stream is always folded whole up to a point, so a state is one the stream
/// really passed through (an attribution to an older article, added to a claim made later, counts from the claim on).
/// </summary>
public sealed class WorldClock
{
    private readonly Guid storyId;
    private readonly ILookup<Guid, WorldEvent> byStream;

    private WorldClock(Guid storyId, IReadOnlyList<WorldEvent> events)
    {
        this.storyId = storyId;
        Events = [.. events.OrderBy(e => e.WorldAt).ThenBy(e => e.Event.Sequence)];
        byStream = events.ToLookup(e => e.Event.StreamId);
    }

    /// <summary>The story's and its claims' events in world order (ties by when they were recorded).</summary>
    public IReadOnlyList<WorldEvent> Events { get; }

    public IEnumerable<Guid> Claims => byStream.Select(g => g.Key).Where(id => id != storyId);

    public static async Task<WorldClock> Read(Ledger store, string tenant, Guid storyId, CancellationToken ct)
    {
        var claims = (await store.ClaimsOf(tenant, storyId, ct)).Select(c => c.Id).ToList();
        var events = await store.EventsOf(tenant, [storyId, .. claims], ct);
        var sourceIds = events.Select(e => e.Data).OfType<AttributionAdded>().Select(a => a.SourceId).Distinct().ToList();
        var sources = sourceIds.Count == 0 ? [] : await store.EventsOf(tenant, sourceIds, ct);
        return new(storyId, Place(storyId, events, sources.ToLookup(e => e.StreamId)));
    }

    /// <summary>The stream as it stood at that world moment: null when nothing of it had happened by then.</summary>
    public Aggregate<T>? At<T>(Guid stream, DateTimeOffset asOf) where T : IEvolvingState<T>
    {
        // World times never go back within a stream, so what had happened by then is a whole prefix of it.
        var happened = byStream[stream].OrderBy(w => w.Event.Version).TakeWhile(w => w.WorldAt <= asOf).Select(w => w.Event).ToList();
        if (happened.Count == 0) return null;
        var state = happened.Aggregate(T.Initial, T.Evolve);
        return new Aggregate<T>(state, happened[^1].Version, happened[^1].Hash, happened[0].RecordedAt, happened[^1].RecordedAt) { Id = stream };
    }

    private static List<WorldEvent> Place(Guid storyId, IReadOnlyList<StoredEvent> events, ILookup<Guid, StoredEvent> sources)
    {
        var firstClaim = events.Select(e => e.Data is ClaimLogged logged ? Earliest(logged.ClaimedAt, e.RecordedAt) : (DateTimeOffset?)null)
            .Min() ?? DateTimeOffset.MaxValue;
        var placed = new List<WorldEvent>();
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            DateTimeOffset? floor = null;
            foreach (var e in stream.OrderBy(e => e.Version))
            {
                var told = e.Data switch
                {
                    ClaimLogged logged => logged.ClaimedAt,
                    // A source with no date (a person, a body) tells no time: the attribution stands with the claim as it was.
                    AttributionAdded added => PublishedAt(sources[added.SourceId], e.Sequence) ?? floor,
                    StoryOpened => firstClaim,
                    _ => null,
                };
                var at = Earliest(told, e.RecordedAt);
                floor = floor > at ? floor : at;
                placed.Add(new(e, floor.Value));
            }
        }
        return placed;
    }

    /// <summary>The source's publishedAt as it stood before that event: a later correction of its date does not move what came before.</summary>
    private static DateTimeOffset? PublishedAt(IEnumerable<StoredEvent> source, long before) =>
        source.Where(s => s.Sequence < before).OrderBy(s => s.Version).Aggregate(Source.Initial, Source.Evolve).Details.PublishedAt;

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
