using Tracker.Store;
using System.Globalization;
using Npgsql;

namespace Tracker.Exports;

/// <summary>A query value that cannot be used: the parameter it came in, the rule, and a sentence for people.</summary>
public sealed record FilterProblem(int Status, string Parameter, string Rule, string Message);

/// <summary>
/// What to export for one newsroom: a story (its own stream and all its claims' streams), a window of
/// recordedAt (both ends inclusive) and, to resume an interrupted download, the last sequence already received.
/// The HTTP routes and the CLI parse the same text through <see cref="Parse"/>, so both refuse the same values.
/// </summary>
public sealed record ExportFilter(string Newsroom, Guid? StoryId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, long AfterSeq = 0)
{
    /// <summary>One claim only (a publishing delivery); the claim exports' routes never set it.</summary>
    public Guid? ClaimId { get; init; }

    /// <summary>
    /// True when the export may leave out early versions of a stream, so its chains are checked as fragments. A cut by
    /// <see cref="To"/> counts too: recorded times need not rise within a stream (several nodes' clocks, imported
    /// events), so a stream's version 2 may fall before the cut and its version 1 after it.
    /// </summary>
    public bool IsPartial => From is not null || To is not null || AfterSeq > 0;

    public static (ExportFilter? Filter, FilterProblem? Problem) Parse(string newsroom, string? story, string? from, string? to, string? afterSeq)
    {
        Guid? storyId = null;
        if (!string.IsNullOrWhiteSpace(story))
        {
            if (!Guid.TryParse(story, out var id)) return Bad("story", "invalid_format", "story must be a story id (a UUID).");
            storyId = id;
        }
        if (!TryTime(from, out var fromAt)) return Bad("from", "invalid_format", "from must be an ISO 8601 timestamp, e.g. 2026-01-30T14:03:11Z.");
        if (!TryTime(to, out var toAt)) return Bad("to", "invalid_format", "to must be an ISO 8601 timestamp, e.g. 2026-01-31T00:00:00Z.");
        if (fromAt > toAt) return Bad("to", "before_from", "to must not be earlier than from.");
        long after = 0;
        if (!string.IsNullOrWhiteSpace(afterSeq) && !long.TryParse(afterSeq, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            return Bad("afterSeq", "invalid_format", "afterSeq must be a whole number: the seq of the last line already received.");
        return (new ExportFilter(newsroom, storyId, fromAt, toAt, after), null);
    }

    /// <summary>An unknown story is a 404, like any other id of another newsroom.</summary>
    public async Task<FilterProblem?> CheckStory(Ledger ledger, CancellationToken ct)
    {
        if (StoryId is not { } id) return null;
        var story = await ledger.Load<Stories.Story>(Newsroom, id, ct);
        return story is null ? new FilterProblem(404, "story", "not_found", "No such story in your newsroom.") : null;
    }

    private static (ExportFilter?, FilterProblem?) Bad(string parameter, string rule, string message) =>
        (null, new FilterProblem(400, parameter, rule, message));

    private static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        at = parsed;
        return true;
    }
}
