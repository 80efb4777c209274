namespace Tracker.Commands;

/// <summary>Field rules shared by every command: the first broken one becomes the rejection.</summary>
public static class Check
{
    /// <summary>Required, trimmed non-empty, at most <paramref name="max"/> characters, no control characters but tab and newlines.</summary>
    public static Rejection? Text(string field, string? value, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? new(RejectionKind.BrokenRule, field, "required", $"{field} must not be empty.") : null;
        if (value.Length > max)
            return new(RejectionKind.BrokenRule, field, "too_long", $"{field} must be at most {max} characters (it has {value.Length}).");
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            return new(RejectionKind.BrokenRule, field, "control_characters", $"{field} must not contain control characters.");
        return null;
    }

    /// <summary>An absolute http(s) URL of sane length, when given.</summary>
    public static Rejection? Url(string field, string? value)
    {
        if (value is null) return null;
        // Uri accepts some control characters (NUL among them) that no address holds and the database cannot store.
        if (value.Any(char.IsControl))
            return new(RejectionKind.BrokenRule, field, "control_characters", $"{field} must not contain control characters.");
        if (value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new(RejectionKind.BrokenRule, field, "url", $"{field} must be an absolute http or https URL of at most 2048 characters.");
        return null;
    }

    /// <summary>First non-null rejection, or null when every rule holds.</summary>
    public static Rejection? First(params Rejection?[] checks) => checks.FirstOrDefault(c => c is not null);
}
