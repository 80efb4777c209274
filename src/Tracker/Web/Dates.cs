using System.Globalization;

namespace Tracker.Web;

/// <summary>How pages write times: UTC, the audit clock's zone, so every reader sees the same moment.</summary>
public static class Dates
{
    public static string Short(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Full(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The stored precision, for telling apart moments recorded in the same second.</summary>
    public static string Precise(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A date typed in a form (yyyy-mm-dd, or a full ISO time); null when blank, false when unreadable.</summary>
    public static (bool Valid, DateTimeOffset? Value) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (true, null);
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? (true, value)
            : (false, null);
    }
}
