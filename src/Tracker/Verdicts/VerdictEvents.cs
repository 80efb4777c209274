using Tracker.EventStore;

namespace Tracker.Verdicts;

/// <summary>
/// What a verdict rests on, in enough detail for a reader to repeat the check: a link, or a source of the newsroom's registry
/// (<paramref name="SourceId"/>), which already says what the piece is, so its note is optional. Nulls are not stored, so
/// evidence recorded before sources could be cited reads and hashes as it always did.
/// </summary>
public sealed record Evidence(string? Note = null, string? Url = null, Guid? SourceId = null);

/// <summary>
/// Account ids travel in the payload so the sign-off rule (proposer is not approver) never parses actor labels.
/// <paramref name="Corrects"/> names the published verdict this one would replace, with <paramref name="CorrectionNote"/> saying why.
/// </summary>
public sealed record VerdictProposed(
    Guid VerdictId, string Rating, string Summary, IReadOnlyList<Evidence> Evidence, Guid ProposedBy, Guid? Corrects, string? CorrectionNote);

/// <summary>The verdict is published; a published verdict it corrects is superseded.</summary>
public sealed record VerdictApproved(Guid VerdictId, Guid ApprovedBy);

public sealed record VerdictRejected(Guid VerdictId, Guid RejectedBy, string Reason);

/// <summary>A published verdict found invalid: it stays in the record, marked void.</summary>
public sealed record VerdictVoided(Guid VerdictId, Guid VoidedBy, string Reason);

public static class VerdictEventTypes
{
    /// <summary>Verdict events live on the claim stream, beside <see cref="Claims.ClaimEventTypes"/>.</summary>
    public static EventTypeRegistry Register(EventTypeRegistry registry) => registry
        .Register<VerdictProposed>("verdict_proposed")
        .Register<VerdictApproved>("verdict_approved")
        .Register<VerdictRejected>("verdict_rejected")
        .Register<VerdictVoided>("verdict_voided");
}
