using System.Globalization;

namespace Tracker.Http;

/// <summary>?asOf=&lt;ISO timestamp&gt; or ?version=&lt;n&gt;: which past state of a stream to show.</summary>
public readonly record struct PointInTime(int? Version, DateTimeOffset? AsOf)
{
    public bool IsNow => Version is null && AsOf is null;

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
