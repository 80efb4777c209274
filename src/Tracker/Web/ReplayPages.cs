using Tracker.Store;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Replay;
using Tracker.Stories;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>One recorded moment: the events that share that timestamp (one append writes them together).</summary>
public sealed record ReplayMoment(DateTimeOffset At, IReadOnlyList<StoryEvent> Events);

/// <summary>A claim at two moments (null where it was not logged yet) and what changed between them.</summary>
public sealed record ClaimChange(Claim? Before, Claim? After, ClaimChanges Changes);

/// <summary>
/// The replay: the story's moments come from the event store, by the audit clock or the world's, and each state is the
/// story and its claims folded up to that moment from the events, never a stored snapshot. Steps are 1-based indexes into the moments.
/// </summary>
public static class ReplayPages
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/stories/{id:guid}/replay", async (HttpContext http, Guid id, int? at, int? from, int? to, string? clock,
            WorkbenchQueries queries, Ledger store) =>
        {
            var viewer = new Viewer(http.Actor());
            var tenant = viewer.Actor.Newsroom;
            var ct = http.RequestAborted;
            var story = await store.Load<Story>(tenant, id, ct);
            if (story is null || !story.State.IsOpened) return PageResults.NotFound(http, "story");

            // Anything but "world" is the audit clock: a page link never fails on a stray value.
            var byWorld = clock == "world";
            var claims = await queries.ClaimsOf(tenant, id, ct);
            var replay = byWorld ? await WorldReplay(store, tenant, id, claims, ct) : await RecordedReplay(store, queries, tenant, id, claims, ct);
            var moments = replay.Moments;
            var step = Math.Clamp(at ?? moments.Count, 1, Math.Max(moments.Count, 1));
            var sources = (await queries.Sources(tenant, ct)).ToDictionary(s => s.Id);

            var valid = (int? n) => n is { } v && v >= 1 && v <= moments.Count;
            IReadOnlyList<ClaimChange>? diff = null;
            if (valid(from) && valid(to))
            {
                var before = (await replay.ClaimsAt(moments[from!.Value - 1].At)).ToDictionary(c => c.Id);
                var after = (await replay.ClaimsAt(moments[to!.Value - 1].At)).ToDictionary(c => c.Id);
                diff = [.. claims.Select(c => (Before: before.GetValueOrDefault(c.Claim.Id), After: after.GetValueOrDefault(c.Claim.Id)))
                    .Select(c => new ClaimChange(c.Before, c.After, ClaimChanges.Between(c.Before ?? Claim.Initial, c.After ?? Claim.Initial)))
                    .Where(c => !c.Changes.IsEmpty)];
            }

            return PageResults.Render<ReplayPage>(new
            {
                Viewer = viewer,
                Story = story.State,
                Moments = moments,
                At = step,
                ByWorld = byWorld,
                StoryThen = moments.Count == 0 ? null : await replay.StoryAt(moments[step - 1].At),
                ClaimsThen = moments.Count == 0 ? [] : await replay.ClaimsAt(moments[step - 1].At),
                Lanes = claims.Select(c => c.Claim).ToList(),
                Sources = sources,
                From = diff is null ? null : from,
                To = diff is null ? null : to,
                Diff = diff,
            });
        }).Page(Access.Anyone);

    /// <summary>The moments to step through, and the story and its claims as they stood at one of them.</summary>
    private sealed record Replay(IReadOnlyList<ReplayMoment> Moments, Func<DateTimeOffset, Task<Story?>> StoryAt,
        Func<DateTimeOffset, Task<IReadOnlyList<Claim>>> ClaimsAt);

    /// <summary>By the audit clock: each moment something was recorded, folded by Marten up to it.</summary>
    private static async Task<Replay> RecordedReplay(Ledger store, WorkbenchQueries queries, string tenant, Guid id,
        IReadOnlyList<ClaimAt> claims, CancellationToken ct)
    {
        var moments = (await queries.Moments(tenant, id, ct)).GroupBy(m => m.At).Select(g => new ReplayMoment(g.Key, [.. g])).ToList();
        return new(moments,
            async at => (await store.AggregateStream<Story>(tenant, id, asOf: at, ct: ct))?.State,
            async at =>
            {
                // All the story's claims in one read, as the API's story replay reads them, not one query per claim.
                var then = await store.AggregateStreams<Claim>(tenant, [.. claims.Select(c => c.Claim.Id)], at, ct);
                return [.. claims.Select(c => then.GetValueOrDefault(c.Claim.Id)?.State).OfType<Claim>()];
            });
    }

    /// <summary>By the world's clock: each moment something happened in the world, as the story read places it (docs/api.md).</summary>
    private static async Task<Replay> WorldReplay(Ledger store, string tenant, Guid id, IReadOnlyList<ClaimAt> claims, CancellationToken ct)
    {
        var world = await WorldClock.Read(store, tenant, id, ct);
        var moments = world.Events.GroupBy(w => w.WorldAt).Select(g => new ReplayMoment(g.Key, [.. g.Select(w =>
            new StoryEvent(w.WorldAt, w.Event.StreamId, w.Event.StreamType, w.Event.Version, w.Event.Type,
                ActorLabel.NameOf(w.Event.Metadata.Actor ?? ""), w.Event.Metadata.Reason))])).ToList();
        return new(moments,
            at => Task.FromResult(world.At<Story>(id, at)?.State),
            at => Task.FromResult<IReadOnlyList<Claim>>([.. claims.Select(c => world.At<Claim>(c.Claim.Id, at)?.State).OfType<Claim>()]));
    }
}
