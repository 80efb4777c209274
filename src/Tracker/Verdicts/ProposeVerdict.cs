using Tracker.Claims;
using Tracker.Commands;

namespace Tracker.Verdicts;

/// <summary>
/// Proposes a verdict for an editor's sign-off. While another verdict is published this is a correction of it,
/// and <paramref name="CorrectionNote"/> tells readers what changed and why.
/// </summary>
public sealed record ProposeVerdict(Guid VerdictId, string Rating, string Summary, IReadOnlyList<Evidence> Evidence, string? CorrectionNote);

public static class ProposeVerdictDecision
{
    public const int MaxEvidence = 50;

    /// <param name="registered">Which of the sources the evidence cites this newsroom has registered (none when null).</param>
    public static Decision Decide(ProposeVerdict command, Claim claim, Actor by, DateTimeOffset now, RatingScale scale,
        IReadOnlySet<Guid>? registered = null)
    {
        if (Check.First(claim.MustAcceptChanges(), VerdictRules.MayPropose(by)) is { } refused) return refused;
        if (claim.FindVerdict(command.VerdictId) is not null)
            return Decision.Conflict("verdict_exists", "This verdict is already proposed.", "verdictId");
        if (claim.PendingVerdict is not null)
            return Decision.Conflict("verdict_pending", "A verdict is already awaiting sign-off; approve or reject it first.");
        var published = claim.PublishedVerdict;
        if (Check.First(
                scale.Contains(command.Rating) ? null : new(RejectionKind.BrokenRule, "rating", "not_on_scale",
                    $"rating must be one of: {string.Join(", ", scale.Ratings.Select(r => r.Key))}."),
                Check.Text("summary", command.Summary, TextLimits.Summary),
                CheckEvidence(command.Evidence, registered ?? new HashSet<Guid>()),
                CheckCorrectionNote(command.CorrectionNote, published)) is { } rejection)
            return rejection;
        // A blank note beside a cited source says nothing: it is left out rather than stored empty.
        IReadOnlyList<Evidence> evidence = [.. command.Evidence.Select(e => e.SourceId is not null && string.IsNullOrWhiteSpace(e.Note) ? e with { Note = null } : e)];
        return Decision.Accept(new VerdictProposed(
            command.VerdictId, command.Rating, command.Summary, evidence, by.AccountId, published?.VerdictId, command.CorrectionNote));
    }

    /// <summary>IFCN: sources in enough detail to replicate the work, so at least one piece of evidence.</summary>
    private static Rejection? CheckEvidence(IReadOnlyList<Evidence>? evidence, IReadOnlySet<Guid> registered)
    {
        if (evidence is null || evidence.Count == 0)
            return new(RejectionKind.BrokenRule, "evidence", "required", "A verdict needs at least one piece of evidence.");
        if (evidence.Count > MaxEvidence)
            return new(RejectionKind.BrokenRule, "evidence", "too_many", $"A verdict takes at most {MaxEvidence} pieces of evidence.");
        return Check.First([.. evidence.SelectMany((item, i) => new[]
        {
            // A cited source names the piece itself; anything else needs words saying what it shows.
            Check.Text($"evidence[{i}].note", item.Note, TextLimits.Note, required: item.SourceId is null),
            Check.Url($"evidence[{i}].url", item.Url),
            CheckSource(i, item, registered),
        })]);
    }

    /// <summary>A link or a registered source, not both: the registry keeps the source's own link.</summary>
    private static Rejection? CheckSource(int i, Evidence item, IReadOnlySet<Guid> registered) => item.SourceId switch
    {
        null => null,
        _ when item.Url is not null => new(RejectionKind.BrokenRule, $"evidence[{i}].url", "url_or_source",
            "Evidence is a link or a registered source, not both: the source keeps its own link."),
        { } id when !registered.Contains(id) => new(RejectionKind.BrokenRule, $"evidence[{i}].sourceId", "not_found",
            "No such source: register it first."),
        _ => null,
    };

    private static Rejection? CheckCorrectionNote(string? note, Verdict? published)
    {
        if (published is null)
            return note is null
                ? null
                : new(RejectionKind.BrokenRule, "correctionNote", "nothing_to_correct", "No verdict is published, so there is nothing to correct.");
        if (string.IsNullOrWhiteSpace(note))
            return new(RejectionKind.BrokenRule, "correctionNote", "required_for_correction", "A verdict is published: say what this one corrects and why.");
        return Check.Text("correctionNote", note, TextLimits.Note);
    }
}
