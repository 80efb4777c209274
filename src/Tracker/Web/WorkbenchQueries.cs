using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Store;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Web;

/// <summary>A claim's current read model and its stream version (what a form pins with If-Match).</summary>
public sealed record ClaimAt(Claim Claim, int Version);

/// <summary>One event of a story or its claims: a moment the replay can stop at.</summary>
public sealed record StoryEvent(DateTimeOffset At, Guid StreamId, string StreamType, int Version, string Type, string Actor, string? Reason);

/// <summary>The reads the pages need beyond one document: every query is scoped to the viewer's newsroom.</summary>
public sealed class WorkbenchQueries(Ledger store)
{
    /// <summary>A story's claims as they stand, in the order they were logged.</summary>
    public async Task<IReadOnlyList<ClaimAt>> ClaimsOf(string tenant, Guid storyId, CancellationToken ct) =>
        (await store.ClaimsOf(tenant, storyId, ct)).Select(c => new ClaimAt(c.State, c.Version)).ToList();

    /// <summary>Claims by id, for the text of linked claims (which may sit in another story).</summary>
    public async Task<IReadOnlyDictionary<Guid, Claim>> Claims(string tenant, IEnumerable<Guid> ids, CancellationToken ct) =>
        (await store.LoadMany<Claim>(tenant, ids, ct)).ToDictionary(c => c.Id, c => c.State);

    /// <summary>The newsroom's sources by name, for the attribution pickers.</summary>
    public async Task<List<Source>> Sources(string tenant, CancellationToken ct) =>
        (await store.All<Source>(tenant, ct)).Select(s => s.State).OrderBy(s => s.Details.Name, StringComparer.OrdinalIgnoreCase).Take(1000).ToList();

    /// <summary>Story titles by id, for lists that name stories (the corrections register).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> StoryTitles(string tenant, CancellationToken ct) =>
        (await store.All<Story>(tenant, ct)).ToDictionary(s => s.Id, s => s.State.Title);

    /// <summary>Every event of the story and of its claims, in the order they were recorded.</summary>
    public async Task<IReadOnlyList<StoryEvent>> Moments(string tenant, Guid storyId, CancellationToken ct)
    {
        var streams = (await store.ClaimsOf(tenant, storyId, ct)).Select(c => c.Id).Append(storyId).ToList();
        return (await store.EventsOf(tenant, streams, ct)).Select(e => new StoryEvent(e.RecordedAt, e.StreamId, e.StreamType, e.Version, e.Type,
            ActorLabel.NameOf(e.Metadata.Actor ?? ""), e.Metadata.Reason)).ToList();
    }
}
