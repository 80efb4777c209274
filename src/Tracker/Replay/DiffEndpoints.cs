using Tracker.Store;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>Where a side of a diff stands: the stream version it reached (0 before anything) and when that was recorded.</summary>
public sealed record MomentRef(int Version, DateTimeOffset? RecordedAt);

public sealed record ClaimDiff(Guid ClaimId, MomentRef From, MomentRef To, ClaimChanges Changes);

public sealed record StoryDiff(Guid StoryId, MomentRef From, MomentRef To, StoryChanges Changes);

/// <summary>
/// ?from=&amp;to= name moments as versions or instants (from defaults to before anything, to to now). States come from
/// time travel on the event store, never from a read model, so a diff is exactly what the events say.
/// </summary>
public static class DiffEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/claims/{id:guid}/diff", ClaimDiff).Allow(Access.Anyone).WithTags("Replay")
            .WithSummary("What changed on a claim between two moments (?from=&to=, each a version or a timestamp)");
        api.MapGet("/stories/{id:guid}/diff", StoryDiff).Allow(Access.Anyone).WithTags("Replay")
            .WithSummary("What changed on a story and its claims between two moments (?from=&to=, each a story version or a timestamp)");
    }

    private static async Task<IResult> ClaimDiff(HttpContext http, Guid id, string? from, string? to, Ledger store)
    {
        var (start, end, problem) = Parse(from, to);
        if (problem is not null) return problem;
        var tenant = http.Actor().Newsroom;
        if (!await Exists(store, tenant, id, ClaimEventTypes.StreamType, http.RequestAborted)) return Problems.NotFound("claim");
        var before = await At<Claim>(store, tenant, id, start, http.RequestAborted);
        var after = await At<Claim>(store, tenant, id, end, http.RequestAborted);
        if (Unreached("claim", start, before, end, after) is { } unreached) return unreached;
        return Results.Ok(new ClaimDiff(id, Ref(before), Ref(after), ClaimChanges.Between(State(before), State(after))));
    }

    private static async Task<IResult> StoryDiff(HttpContext http, Guid id, string? from, string? to, Ledger store)
    {
        var (start, end, problem) = Parse(from, to);
        if (problem is not null) return problem;
        var tenant = http.Actor().Newsroom;
        var ct = http.RequestAborted;
        if (!await Exists(store, tenant, id, StoryEventTypes.StreamType, ct)) return Problems.NotFound("story");
        var before = await At<Story>(store, tenant, id, start, ct);
        var after = await At<Story>(store, tenant, id, end, ct);
        if (Unreached("story", start, before, end, after) is { } unreached) return unreached;
        var ids = (await store.ClaimsOf(tenant, id, ct)).Select(c => c.Id).ToList();
        var then = await ClaimsAt(store, tenant, ids, ClaimMoment(start, before), ct);
        var now = await ClaimsAt(store, tenant, ids, ClaimMoment(end, after), ct);
        var claims = ids.Select(c => (State(then.GetValueOrDefault(c)), State(now.GetValueOrDefault(c)))).ToList();
        return Results.Ok(new StoryDiff(id, Ref(before), Ref(after), StoryChanges.Between(State(before), State(after), claims)));
    }

    private static (Moment From, Moment? To, IResult? Problem) Parse(string? from, string? to)
    {
        var (start, badFrom) = Moments.Parse("from", from);
        if (badFrom is not null) return (default, null, badFrom);
        var (end, badTo) = Moments.Parse("to", to);
        if (badTo is not null) return (default, null, badTo);
        var first = start ?? new Moment(0, null);
        // Two versions or two instants compare as given; a version against an instant only once both are folded.
        if (first.Version > end?.Version || first.At > end?.At) return (default, null, Reversed());
        return (first, end, null);
    }

    private static IResult Reversed() => Problems.Problem(400, "range_reversed", "from must not be after to.", "from");

    /// <summary>
    /// A version the stream has not reached folds to nothing (or to less), which would show a state that never existed:
    /// it is a 404 naming the side, as reading the resource at that version is. An instant before the stream began is
    /// simply "before anything".
    /// </summary>
    private static IResult? Unreached<T>(string what, Moment from, Aggregate<T>? before, Moment? to, Aggregate<T>? after)
    {
        if (from.Version is int f and > 0 && before?.Version != f) return NotReached(what, "from", f);
        if (to?.Version is int t and > 0 && after?.Version != t) return NotReached(what, "to", t);
        if (Ref(before).Version > Ref(after).Version) return Reversed();
        return null;
    }

    private static IResult NotReached(string what, string field, int version) =>
        Problems.Problem(404, "not_found", $"No such {what} in your newsroom at version {version}: {field} is past the end of its history.", field);

    /// <summary>The stream folded up to a moment; null for "now" is the whole stream, and version 0 is nothing at all.</summary>
    private static async Task<Aggregate<T>?> At<T>(Ledger store, string tenant, Guid id, Moment? moment, CancellationToken ct)
        where T : IEvolvingState<T> =>
        moment is { Version: 0 } ? null : await store.AggregateStream<T>(tenant, id, moment?.Version, moment?.At, ct: ct);

    /// <summary>The story's claims as they stood at a claim moment (a time, nothing at all, or now), in one read.</summary>
    private static async Task<IReadOnlyDictionary<Guid, Aggregate<Claim>>> ClaimsAt(Ledger store, string tenant, List<Guid> ids, Moment? moment,
        CancellationToken ct) =>
        moment is { Version: 0 } ? new Dictionary<Guid, Aggregate<Claim>>() : await store.AggregateStreams<Claim>(tenant, ids, moment?.At, ct);

    /// <summary>A story version is a moment in the story's stream; its claims are read as of when that version was recorded.</summary>
    private static Moment? ClaimMoment(Moment? asked, Aggregate<Story>? story) => asked switch
    {
        { Version: 0 } => asked,
        { Version: not null } => story is null ? new Moment(0, null) : new Moment(null, story.Updated),
        _ => asked,
    };

    private static T State<T>(Aggregate<T>? aggregate) where T : IEvolvingState<T> => aggregate is null ? T.Initial : aggregate.State;

    private static MomentRef Ref<T>(Aggregate<T>? aggregate) => new(aggregate?.Version ?? 0, aggregate?.Updated);

    private static async Task<bool> Exists(Ledger store, string tenant, Guid id, string streamType, CancellationToken ct) =>
        await store.StreamType(tenant, id, ct) == streamType;
}
