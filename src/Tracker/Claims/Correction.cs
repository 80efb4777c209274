namespace Tracker.Claims;

/// <summary>The four ways published information changes, each a line in the corrections register.</summary>
public enum CorrectionKind { VerdictSuperseded, VerdictVoided, TextCorrected, AttributionWithdrawn }

/// <summary>
/// A change to what was published: when (the audit clock), at which claim version, what changed
/// (<c>verdict</c>, <c>text</c> or <c>attribution</c>), before and after as readers saw them,
/// the note explaining it, and who approved it.
/// </summary>
public sealed record Correction(
    DateTimeOffset At,
    int Version,
    CorrectionKind Kind,
    string Field,
    string? Before,
    string? After,
    string? Note,
    string ApprovedBy);
