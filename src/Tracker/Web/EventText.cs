using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.Web;

/// <summary>Events in the newsroom's words, for history tables and the replay's step captions.</summary>
public static class EventText
{
    /// <summary>"verdict_proposed" reads "Verdict proposed".</summary>
    public static string Name(string type) => type.Length == 0 ? type : char.ToUpperInvariant(type[0]) + type[1..].Replace('_', ' ');

    /// <param name="nameOf">The name of an account, or the text of a claim, by id, where the page knows it (the claim
    /// page does; the replay's captions do not need it).</param>
    public static string Detail(StoredEvent e, IReadOnlyDictionary<Guid, Source> sources, Func<Guid, string?>? nameOf = null) => e.Data switch
    {
        ClaimLogged logged => Quote(logged.Text),
        AttributionAdded a => $"{Pages.AttributionTree.RoleWord(a.Role)} by {SourceName(a.SourceId, sources)}: {Quote(a.Quote)}",
        AttributionWithdrawn => "attribution withdrawn",
        ClaimTextCorrected corrected => $"now reads {Quote(corrected.Text)}",
        TextCorrectionProposed proposed => $"rewording proposed: {Quote(proposed.Text)}",
        TextCorrectionApproved => "rewording approved",
        TextCorrectionRejected rejected => $"rewording rejected: {rejected.Reason}",
        VerdictProposed proposed => $"{Rating(proposed.Rating)}: {proposed.Summary}",
        VerdictApproved => "published",
        VerdictRejected => "sent back",
        VerdictVoided => "voided",
        // The link as seen from this claim: the other claim's copy of a link reads "updated by", not "updates".
        ClaimLinked linked => $"{Pages.ClaimLinks.Phrase(linked.Relation, linked.Inverse).ToLowerInvariant()} {Claim(linked.OtherClaimId, nameOf)}",
        ClaimUnlinked unlinked => $"unlinked from {Claim(unlinked.OtherClaimId, nameOf)}: {unlinked.Reason}",
        ClaimUnassigned => "unassigned",
        ClaimAssigned assigned => $"assigned to {nameOf?.Invoke(assigned.AccountId) ?? "an account no longer listed"}",
        ClaimTagged tagged => string.Join(", ", tagged.Added.Select(t => $"+{t}").Concat(tagged.Removed.Select(t => $"−{t}"))),
        ClaimNoteAdded note => Quote(note.Text),
        ClaimArchived => "archived",
        ClaimRestored => "restored",
        StoryOpened opened => opened.Title,
        _ => "",
    };

    public static string Rating(string key) => RatingScale.Default.Find(key)?.Label ?? key;

    private static string SourceName(Guid id, IReadOnlyDictionary<Guid, Source> sources) =>
        sources.TryGetValue(id, out var s) ? Pages.AttributionTree.Describe(s) : "a source";

    private static string Claim(Guid id, Func<Guid, string?>? nameOf) => nameOf?.Invoke(id) is { } text ? Quote(text) : "another claim";

    private static string Quote(string text) => text.Length > 90 ? $"“{text[..89]}…”" : $"“{text}”";
}
