using System.Globalization;
using System.Text.RegularExpressions;
using Tracker.Http;

namespace Tracker.Replay;

/// <summary>A moment in a stream's history: right after its version n (0 is before anything), or at an instant of the audit clock.</summary>
public readonly record struct Moment(int? Version, DateTimeOffset? At);

/// <summary>Query parameters that name moments and time ranges; a bad one is a problem naming it, never a 500.</summary>
public static partial class Moments
{
    /// <summary>?from= and ?to= as instants, both optional and inclusive.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To, IResult? Problem) Range(string? from, string? to)
    {
        var (start, badFrom) = Instant("from", from);
        if (badFrom is not null) return (null, null, badFrom);
        var (end, badTo) = Instant("to", to);
        if (badTo is not null) return (null, null, badTo);
        if (start > end) return (null, null, Problems.Problem(400, "range_reversed", "from must not be after to.", "from"));
        return (start, end, null);
    }

    /// <summary>A version (a whole number, 0 for "before anything") or an instant; absent means now.</summary>
    public static (Moment? Moment, IResult? Problem) Parse(string field, string? text)
    {
        if (text is null) return (null, null);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return (new Moment(version, null), null);
        if (TryParseInstant(text, out var at)) return (new Moment(null, at), null);
        return (null, Problems.Problem(400, "moment_format",
            $"{field} must be a version (0, 1, 2...) or an ISO 8601 timestamp with a UTC offset, e.g. 2026-01-30T12:00:00Z.", field));
    }

    /// <summary>An instant needs an offset: a bare local time would mean different moments on different desks.</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset at)
    {
        at = default;
        return text.Length <= 40 && HasOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out at);
    }

    private static (DateTimeOffset? At, IResult? Problem) Instant(string field, string? text) =>
        text is null ? (null, null)
        : TryParseInstant(text, out var at) ? (at, null)
        : (null, Problems.Problem(400, "timestamp_format", $"{field} must be an ISO 8601 timestamp with a UTC offset, e.g. 2026-01-30T12:00:00Z.", field));

    [GeneratedRegex(@"(?:[Zz]|[+-]\d\d:?\d\d)$")]
    private static partial Regex HasOffset();
}
