using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.Replay;

/// <summary>
/// One line of a story's timeline: what happened in the newsroom's words, and when it happened in the world
/// (a claim's claimedAt; for attributions, the attributed source's publishedAt), null when unknown.
/// </summary>
public sealed record TimelineLine(string Summary, DateTimeOffset? WorldAt)
{
    private const int QuoteLength = 80;

    public static TimelineLine ForStory(StoredEvent e)
    {
        var who = Who(e);
        return new(e.Data switch
        {
            StoryOpened opened => $"{who} opened the story {Quote(opened.Title)}",
            StoryRetitled retitled => $"{who} retitled the story {Quote(retitled.Title)}",
            StorySummaryRevised => $"{who} revised the story's summary",
            StoryClosed closed => $"{who} closed the story" + (closed.Note is { } note ? $": {note}" : ""),
            StoryReopened => $"{who} reopened the story",
            _ => $"{who} recorded {e.Type}",
        }, null);
    }

    /// <param name="before">The claim as it stood before this event.</param>
    /// <param name="source">A source of this newsroom as of this event (its name and publishedAt), or null.</param>
    /// <param name="claim">Another claim of this newsroom as of this event, for links.</param>
    public static TimelineLine ForClaim(StoredEvent e, Claim before, Func<Guid, Source?> source, Func<Guid, Claim?> claim)
    {
        var who = Who(e);
        var text = Quote(before.Text);
        return e.Data switch
        {
            ClaimLogged logged => new($"{who} logged claim {Quote(logged.Text)}", logged.ClaimedAt),
            AttributionAdded added => Attribution(who, "added", "to", added.Role, source(added.SourceId), text),
            AttributionWithdrawn withdrawn when before.FindAttribution(withdrawn.AttributionId) is { } a =>
                Attribution(who, "withdrew", "from", a.Role, source(a.SourceId), text),
            ClaimTextCorrected corrected => new($"{who} corrected claim {text} to {Quote(corrected.Text)}", null),
            TextCorrectionProposed proposed => new($"{who} proposed rewording claim {text} to {Quote(proposed.Text)}", null),
            TextCorrectionApproved => new($"{who} approved rewording claim {text} to {Quote(before.PendingTextCorrection?.Text ?? "")}", null),
            TextCorrectionRejected => new($"{who} rejected rewording claim {text} to {Quote(before.PendingTextCorrection?.Text ?? "")}", null),
            VerdictProposed proposed => new($"{who} proposed verdict {Rating(proposed.Rating)} on claim {text}"
                + (proposed.Corrects is { } old && before.FindVerdict(old) is { } corrected ? $", correcting {Rating(corrected.Rating)}" : ""), null),
            VerdictApproved approved => Verdict(who, "approved", before.FindVerdict(approved.VerdictId), text),
            VerdictRejected rejected => Verdict(who, "rejected", before.FindVerdict(rejected.VerdictId), text),
            VerdictVoided voided => Verdict(who, "voided", before.FindVerdict(voided.VerdictId), text),
            ClaimLinked linked => new(Linked(who, linked, text, Quote(claim(linked.OtherClaimId)?.Text)), null),
            ClaimUnlinked unlinked => new($"{who} unlinked claim {text} from claim {Quote(claim(unlinked.OtherClaimId)?.Text)}", null),
            ClaimArchived => new($"{who} archived claim {text}", null),
            ClaimRestored => new($"{who} restored claim {text}", null),
            _ => new($"{who} recorded {e.Type} on claim {text}", null),
        };
    }

    private static TimelineLine Attribution(string who, string verb, string preposition, AttributionRole role, Source? source, string text) =>
        new($"{who} {verb} {role.ToString().ToLowerInvariant()} {source?.Details.Name ?? "an unknown source"} {preposition} claim {text}",
            source?.Details.PublishedAt);

    private static TimelineLine Verdict(string who, string verb, Verdict? verdict, string text) =>
        new($"{who} {verb} verdict {(verdict is null ? "(unknown)" : Rating(verdict.Rating))} on claim {text}", null);

    /// <summary>"this claim {relation} the other"; an inverse link was made from the other claim, so it reads the other way round.</summary>
    private static string Linked(string who, ClaimLinked linked, string text, string other)
    {
        var relation = linked.Relation.ToString().ToLowerInvariant();
        return linked.Inverse
            ? $"{who} linked claim {other}: it {relation} claim {text}"
            : $"{who} linked claim {text}: it {relation} claim {other}";
    }

    private static string Who(StoredEvent e) => ActorLabel.NameOf(e.Metadata.Actor) is { Length: > 0 } name ? name : "Someone";

    /// <summary>The rating as an editor says it aloud: mostly_false is MOSTLY FALSE.</summary>
    private static string Rating(string key) => key.Replace('_', ' ').ToUpperInvariant();

    /// <summary>
    /// The text on one line, each run of whitespace one space, cut to <see cref="QuoteLength"/> characters, in quotes.
    /// Built in place: a rebuild quotes two texts for most of its million events.
    /// </summary>
    private static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "(unknown)";
        // One character more than fits tells whether the line is cut.
        Span<char> line = stackalloc char[QuoteLength + 1];
        var length = 0;
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = length > 0;
                continue;
            }
            if (space && length < line.Length) line[length++] = ' ';
            space = false;
            if (length == line.Length) break;
            line[length++] = c;
        }
        return length <= QuoteLength
            ? $"'{line[..length]}'"
            : $"'{line[..(QuoteLength - 1)].TrimEnd()}…'";
    }
}
