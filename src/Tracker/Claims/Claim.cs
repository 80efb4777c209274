using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Verdicts;

namespace Tracker.Claims;

/// <summary>
/// Archived, whatever its verdicts; otherwise rated while a verdict is published (a pending correction
/// does not unpublish it), under review while one awaits sign-off, and unrated before any verdict or after a void.
/// </summary>
public enum ClaimStatus { Unrated, UnderReview, Rated, Archived }

/// <summary>
/// One checkable statement. The state decisions need and the claim's read model at once:
/// it is stored as a JSON snapshot and served as is, so every member here is part of the API.
/// </summary>
public sealed partial record Claim : IEvolvingState<Claim>
{
    public Guid Id { get; init; }
    public Guid StoryId { get; init; }
    public string Text { get; init; } = "";
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset LoggedAt { get; init; }
    public string LoggedBy { get; init; } = "";
    public bool IsArchived { get; init; }
    public string? ArchiveReason { get; init; }

    public ImmutableList<Attribution> Attributions { get; init; } = [];

    /// <summary>Every verdict ever proposed, in order, with its outcome.</summary>
    public ImmutableList<Verdict> Verdicts { get; init; } = [];

    public ImmutableList<ClaimLink> Links { get; init; } = [];
    public ImmutableList<Correction> Corrections { get; init; } = [];

    /// <summary>Who checks this claim now, if anyone has been assigned.</summary>
    public Guid? AssigneeId { get; init; }

    public ImmutableSortedSet<string> Tags { get; init; } = [];

    /// <summary>The desk's internal notes, oldest first. Never exported to ClaimReview.</summary>
    public ImmutableList<ClaimNote> Notes { get; init; } = [];

    /// <summary>A rewording awaiting an editor's sign-off (the claim carries a published verdict), if any.</summary>
    public PendingTextCorrection? PendingTextCorrection { get; init; }

    public ClaimStatus Status =>
        IsArchived ? ClaimStatus.Archived
        : PublishedVerdict is not null ? ClaimStatus.Rated
        : PendingVerdict is not null ? ClaimStatus.UnderReview
        : ClaimStatus.Unrated;

    public Verdict? PublishedVerdict => Verdicts.FirstOrDefault(v => v.Outcome == VerdictOutcome.Published);

    public Verdict? PendingVerdict => Verdicts.FirstOrDefault(v => v.Outcome == VerdictOutcome.Pending);

    [JsonIgnore]
    public bool IsLogged => Id != Guid.Empty;

    public static Claim Initial { get; } = new();

    /// <summary>Who said it, who reported it, and who relayed whom, as a tree.</summary>
    public IReadOnlyList<AttributionNode> AttributionChain() => AttributionNode.Chain(Attributions);

    public Verdict? FindVerdict(Guid verdictId) => Verdicts.FirstOrDefault(v => v.VerdictId == verdictId);

    public Attribution? FindAttribution(Guid attributionId) => Attributions.FirstOrDefault(a => a.Id == attributionId);

    public ClaimLink? LinkTo(Guid otherClaimId) => Links.FirstOrDefault(l => l.OtherClaimId == otherClaimId);

    /// <summary>Every command but restoring needs a logged claim that is not archived.</summary>
    internal Rejection? MustAcceptChanges() =>
        !IsLogged ? new(RejectionKind.NotFound, "claimId", "not_found", "No such claim.")
        : IsArchived ? new(RejectionKind.Conflict, null, "claim_archived", "This claim is archived; restore it first.")
        : null;
}

/// <summary>A proposed rewording of a rated claim: the text it would read, why, and who proposed it when.</summary>
public sealed record PendingTextCorrection(Guid TextCorrectionId, string Text, string Reason, Guid ProposedBy, string ProposedByName, DateTimeOffset ProposedAt);

/// <summary>One internal note: who wrote what, when.</summary>
public sealed record ClaimNote(string Text, string By, DateTimeOffset At);
