using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tracker.Http;

/// <summary>Turns System.Text.Json's complaints into a field and a rule a client can act on, without CLR type names.</summary>
public static partial class JsonErrors
{
    public static (string? Field, string Rule, string Detail) Describe(JsonException e)
    {
        var path = e.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        var message = e.Message;
        if (UnknownMember().Match(message) is { Success: true } unknown)
            return UnknownField(path, unknown.Groups[1].Value);
        if (DuplicateMember().Match(message) is { Success: true } twice)
            return (Join(path, twice.Groups[1].Value), "duplicate_field", $"'{twice.Groups[1].Value}' is given twice: send each field once.");
        if (MissingRequired().Match(message) is { Success: true } missing)
            return (Join(path, missing.Groups[1].Value), "required", $"'{missing.Groups[1].Value}' is required.");
        if (NullNotAllowed().Match(message) is { Success: true } nulled)
            return (Join(path, nulled.Groups[1].Value), "required", $"'{nulled.Groups[1].Value}' must not be null.");
        if (NullItem().Match(message) is { Success: true } item)
            return (Join(path, item.Groups[1].Value), "required", $"'{item.Groups[1].Value}' must not be null.");
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return (path, "type", path is null ? "The body has the wrong shape." : $"'{path}' has the wrong type or an unknown value.");
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return (path, "too_deep", "The JSON is nested too deeply.");
        return Malformed(path);
    }

    /// <summary>A field the request does not have; also what a route that takes no body says of any field sent to it.</summary>
    public static (string? Field, string Rule, string Detail) UnknownField(string? path, string member) =>
        (Join(path, member), "unknown_field", $"'{member}' is not a field of this request.");

    public static (string? Field, string Rule, string Detail) Malformed(string? field) =>
        (field, "malformed_json", "The body is not valid JSON (or not valid UTF-8).");

    // The reader's path already ends at the offending property when it got that far; otherwise name the member.
    private static string Join(string? path, string member)
    {
        var camel = member.Length > 0 ? char.ToLowerInvariant(member[0]) + member[1..] : member;
        if (path is null) return camel;
        return path.EndsWith(camel, StringComparison.OrdinalIgnoreCase) ? path : $"{path}.{camel}";
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("Duplicate property '([^']+)'")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("^The item '([^']+)' must not be null")]
    private static partial Regex NullItem();

    [GeneratedRegex("(?:parameter|property) '([^']+)' .*doesn't allow null")]
    private static partial Regex NullNotAllowed();
}
