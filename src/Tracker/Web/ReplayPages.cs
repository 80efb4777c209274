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
/// The replay: the story's moments come from the event store, and each state is the story and its claims folded
/// up to that moment (AggregateStream with asOf), never a stored snapshot. Steps are 1-based indexes into the moments.
/// </summary>
public static class ReplayPages
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/stories/{id:guid}/replay", async (HttpContext http, Guid id, int? at, int? from, int? to,
            WorkbenchQueries queries, Ledger store) =>
        {
            var viewer = new Viewer(http.Actor());
            var tenant = viewer.Actor.Newsroom;
            var ct = http.RequestAborted;
            var story = await store.Load<Story>(tenant, id, ct);
            if (story is null || !story.State.IsOpened) return PageResults.NotFound(http, "story");

            var moments = (await queries.Moments(tenant, id, ct)).GroupBy(m => m.At).Select(g => new ReplayMoment(g.Key, [.. g])).ToList();
            var claims = await queries.ClaimsOf(tenant, id, ct);
            var step = Math.Clamp(at ?? moments.Count, 1, Math.Max(moments.Count, 1));
            var sources = (await queries.Sources(tenant, ct)).ToDictionary(s => s.Id);

            async Task<IReadOnlyList<Claim>> ClaimsAt(int n)
            {
                var list = new List<Claim>();
                foreach (var c in claims)
                    if (await store.AggregateStream<Claim>(tenant, c.Claim.Id, asOf: moments[n - 1].At, ct: ct) is { } then) list.Add(then.State);
                return list;
            }

            var valid = (int? n) => n is { } v && v >= 1 && v <= moments.Count;
            IReadOnlyList<ClaimChange>? diff = null;
            if (valid(from) && valid(to))
            {
                var before = (await ClaimsAt(from!.Value)).ToDictionary(c => c.Id);
                var after = (await ClaimsAt(to!.Value)).ToDictionary(c => c.Id);
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
                StoryThen = moments.Count == 0 ? null : (await store.AggregateStream<Story>(tenant, id, asOf: moments[step - 1].At, ct: ct))?.State,
                ClaimsThen = moments.Count == 0 ? [] : await ClaimsAt(step),
                Lanes = claims.Select(c => c.Claim).ToList(),
                Sources = sources,
                From = diff is null ? null : from,
                To = diff is null ? null : to,
                Diff = diff,
            });
        }).Page(Access.Anyone);
}
