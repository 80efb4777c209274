using System.Globalization;

namespace Tracker.Http;

/// <summary>The stream version is the resource's ETag; If-Match pins the version a write expects.</summary>
public static class Preconditions
{
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETag(version);

    /// <summary>The 400 for an If-Match that is not a stream version.</summary>
    public static IResult MalformedIfMatch() =>
        Problems.Problem(400, "if_match_format", "If-Match must be a quoted stream version such as \"3\".", "If-Match");

    /// <summary>Null when absent; a version when it is one quoted (or bare, or weak) number; false when it is something else.</summary>
    public static (bool Valid, int? Version) IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return (true, null);
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        header = header.Trim('"');
        return int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 0
            ? (true, version)
            : (false, null);
    }
}
