namespace Tracker.Verdicts;

/// <summary>Where a verdict stands: only one is published at a time, and at most one is pending.</summary>
public enum VerdictOutcome { Pending, Published, Rejected, Voided, Superseded }

/// <summary>
/// One verdict as the claim's history holds it. Account ids decide the rules; names are for readers.
/// The Closed* fields say who ended its standing, when and why: the editor who rejected or voided it,
/// or the editor who approved the verdict that superseded it (with that verdict's correction note).
/// </summary>
public sealed record Verdict
{
    public required Guid VerdictId { get; init; }
    public required string Rating { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
    public Guid? Corrects { get; init; }
    public string? CorrectionNote { get; init; }
    public VerdictOutcome Outcome { get; init; }

    public required Guid ProposedBy { get; init; }
    public required string ProposedByName { get; init; }
    public required DateTimeOffset ProposedAt { get; init; }

    public Guid? ApprovedBy { get; init; }
    public string? ApprovedByName { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }

    public Guid? ClosedBy { get; init; }
    public string? ClosedByName { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedReason { get; init; }
    public Guid? SupersededBy { get; init; }

    public static Verdict Proposed(VerdictProposed proposed, string byName, DateTimeOffset at) => new()
    {
        VerdictId = proposed.VerdictId,
        Rating = proposed.Rating,
        Summary = proposed.Summary,
        Evidence = proposed.Evidence,
        Corrects = proposed.Corrects,
        CorrectionNote = proposed.CorrectionNote,
        ProposedBy = proposed.ProposedBy,
        ProposedByName = byName,
        ProposedAt = at,
    };

    public Verdict Closed(VerdictOutcome outcome, Guid by, string byName, DateTimeOffset at, string? reason) =>
        this with { Outcome = outcome, ClosedBy = by, ClosedByName = byName, ClosedAt = at, ClosedReason = reason };

    /// <summary>How the corrections register shows it: rating key, then summary.</summary>
    public string Describe() => $"{Rating}: {Summary}";
}
