using Tracker.Store;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Stories;

/// <summary>Story reads: the board's list with counts, and one story with its claims, now or in the past.</summary>
public sealed class StoryQueries(Ledger store)
{
    public async Task<IReadOnlyList<StoryListing>> List(string tenant, CancellationToken ct) =>
        Listings(await store.All<Story>(tenant, ct), [.. (await store.All<Claim>(tenant, ct)).Select(c => c.State)]);

    /// <summary>The list from the newsroom's stories and claims as already read (the board reads them once for all it shows).</summary>
    public static IReadOnlyList<StoryListing> Listings(IReadOnlyList<Aggregate<Story>> stories, IReadOnlyList<Claim> all)
    {
        var claims = all.ToLookup(c => c.StoryId);
        return stories.OrderByDescending(s => s.Created).Select(a =>
        {
            var story = a.State;
            var c = claims[story.Id].ToList();
            return new StoryListing(story.Id, story.Title, story.Summary, story.IsClosed, story.OpenedAt, a.Version, c.Count,
                c.GroupBy(x => StatusName(x.Status)).ToDictionary(g => g.Key, g => g.Count()),
                // An archived claim counts as archived, not by its rating too: the tally adds up to the rated claims.
                c.Where(x => x.PublishedVerdict is not null && !x.IsArchived).GroupBy(x => x.PublishedVerdict!.Rating).ToDictionary(g => g.Key, g => g.Count()));
        }).ToList();
    }

    private static string StatusName(ClaimStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>Null when the newsroom has no such story (or had none at that moment).</summary>
    public async Task<StoryView?> Read(string tenant, Guid id, PointInTime point, CancellationToken ct)
    {
        if (point is { Clock: Replay.TimelineClock.World, AsOf: { } worldAt }) return await InTheWorld(tenant, id, worldAt, ct);
        var story = point.IsNow
            ? await store.Load<Story>(tenant, id, ct)
            : await store.AggregateStream<Story>(tenant, id, point.Version, point.AsOf, ct: ct);
        if (story is null || !story.State.IsOpened) return null;

        // A version of the story fixes a moment: its claims are shown as they stood at that moment too.
        var moment = point.AsOf ?? (point.Version is not null ? story.Updated : null);
        var current = await store.ClaimsOf(tenant, id, ct);
        var then = moment is null ? current : (await store.AggregateStreams<Claim>(tenant, [.. current.Select(c => c.Id)], moment, ct)).Values;
        var claims = then.Where(c => c.State.IsLogged).Select(c => ClaimView.From(c.State, c.Version, moment)).ToList();
        var s = story.State;
        return new StoryView(s.Id, s.Title, s.Summary, s.IsClosed, s.ClosingNote, s.OpenedAt, story.Version, moment,
            [.. claims.OrderBy(c => c.LoggedAt)]);
    }

    /// <summary>The story and its claims as they stood at that moment of the world's clock (see <see cref="Replay.WorldClock"/>).</summary>
    private async Task<StoryView?> InTheWorld(string tenant, Guid id, DateTimeOffset asOf, CancellationToken ct)
    {
        if (await store.Load<Story>(tenant, id, ct) is null) return null;
        var world = await Replay.WorldClock.Read(store, tenant, id, ct);
        var story = world.At<Story>(id, asOf);
        if (story is null || !story.State.IsOpened) return null;
        var claims = world.Claims.Select(c => world.At<Claim>(c, asOf)).OfType<Aggregate<Claim>>().Where(c => c.State.IsLogged)
            .Select(c => ClaimView.From(c.State, c.Version, asOf));
        var s = story.State;
        return new StoryView(s.Id, s.Title, s.Summary, s.IsClosed, s.ClosingNote, s.OpenedAt, story.Version, asOf,
            [.. claims.OrderBy(c => c.LoggedAt)]);
    }
}
