using System.Globalization;

namespace Tracker.Http;

/// <summary>
/// ?asOf=&lt;ISO timestamp&gt; or ?version=&lt;n&gt;: which past state of a stream to show; <see cref="Clock"/> says which
/// clock asOf is read by (the audit clock unless a read offers the world's).
/// </summary>
public readonly record struct PointInTime(int? Version, DateTimeOffset? AsOf, Replay.TimelineClock Clock = Replay.TimelineClock.Recorded)
{
    public bool IsNow => Version is null && AsOf is null;

    /// <summary>Also ?clock=recorded|world. A version counts the stream's own events, so it goes with the recorded clock only.</summary>
    public static (PointInTime Point, IResult? Problem) Parse(string? asOf, string? version, string? clock)
    {
        var (c, badClock) = Replay.Clocks.Parse(clock);
        if (badClock is not null) return (default, badClock);
        var (point, problem) = Parse(asOf, version);
        if (problem is not null) return (default, problem);
        if (c == Replay.TimelineClock.World && point.Version is not null)
            return (default, Problems.Problem(400, "one_of", "clock=world goes with asOf; version counts recorded events.", "clock"));
        return (point with { Clock = c }, null);
    }

    /// <summary>The moment asked for, or a problem naming the parameter that does not parse.</summary>
    public static (PointInTime Point, IResult? Problem) Parse(string? asOf, string? version)
    {
        if (asOf is not null && version is not null)
            return (default, Problems.Problem(400, "one_of", "Give asOf or version, not both.", "asOf"));
        if (version is not null)
            return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? (new(v, null), null)
                : (default, Problems.Problem(400, "version_format", "version must be a whole number from 1.", "version"));
        if (asOf is not null)
            return Replay.Moments.TryParseInstant(asOf, out var at)
                ? (new(null, at), null)
                : (default, Problems.Problem(400, "timestamp_format", "asOf must be an ISO 8601 timestamp with a UTC offset, e.g. 2026-01-30T12:00:00Z.", "asOf"));
        return (default, null);
    }
}
