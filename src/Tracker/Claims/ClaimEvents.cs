using Tracker.EventStore;

namespace Tracker.Claims;

/// <summary>
/// How a source stands to a claim: <c>claimant</c> asserts it, <c>reporter</c> first reported it,
/// <c>relay</c> repeated someone's report (its <c>via</c> names that attribution), <c>cited</c> is evidence cited for it.
/// </summary>
public enum AttributionRole { Claimant, Reporter, Relay, Cited }

/// <summary>Read "this claim {relation} the other claim"; the other claim's stream holds the same link marked inverse.</summary>
public enum LinkRelation { Contradicts, Supports, Duplicates, Restates, Updates }

public sealed record ClaimLogged(Guid StoryId, string Text, DateTimeOffset? ClaimedAt);

public sealed record AttributionAdded(Guid AttributionId, Guid SourceId, AttributionRole Role, string Quote, string? Url, Guid? Via);

public sealed record AttributionWithdrawn(Guid AttributionId, string Reason);

public sealed record ClaimTextCorrected(string Text, string Reason);

/// <summary>A rewording of a claim that carries a published verdict: it changes nothing until an editor other than the proposer approves it.</summary>
public sealed record TextCorrectionProposed(Guid TextCorrectionId, string Text, string Reason, Guid ProposedBy);

/// <summary>The rewording now stands, and is a correction approved by this editor.</summary>
public sealed record TextCorrectionApproved(Guid TextCorrectionId, Guid ApprovedBy);

public sealed record TextCorrectionRejected(Guid TextCorrectionId, string Reason, Guid RejectedBy);

/// <summary>Appended to both claims in one transaction; <paramref name="Inverse"/> is false on the claim the link was made from.</summary>
public sealed record ClaimLinked(Guid OtherClaimId, LinkRelation Relation, string? Note, bool Inverse);

public sealed record ClaimUnlinked(Guid OtherClaimId, string Reason);

public sealed record ClaimArchived(string Reason);

/// <summary>Who on the desk checks this claim now; the account id, so a rename does not lose it.</summary>
public sealed record ClaimAssigned(Guid AccountId);

/// <summary>Nobody on the desk has the claim any more (its check is done, or it waits for someone to take it).</summary>
public sealed record ClaimUnassigned;

/// <summary>Tags added and removed in one go (lower case); the claim keeps the set that results.</summary>
public sealed record ClaimTagged(IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>Internal discussion on the claim: in its history, never in ClaimReview or on a published page.</summary>
public sealed record ClaimNoteAdded(string Text);

public sealed record ClaimRestored;

public static class ClaimEventTypes
{
    public const string StreamType = "claim";

    /// <summary>The claim stream's own events; its verdict events are registered by <see cref="Verdicts.VerdictEventTypes"/>.</summary>
    public static EventTypeRegistry Register(EventTypeRegistry registry) => registry
        .Register<ClaimLogged>("claim_logged")
        .Register<AttributionAdded>("attribution_added")
        .Register<AttributionWithdrawn>("attribution_withdrawn")
        .Register<ClaimTextCorrected>("claim_text_corrected")
        .Register<TextCorrectionProposed>("text_correction_proposed")
        .Register<TextCorrectionApproved>("text_correction_approved")
        .Register<TextCorrectionRejected>("text_correction_rejected")
        .Register<ClaimLinked>("claim_linked")
        .Register<ClaimUnlinked>("claim_unlinked")
        .Register<ClaimArchived>("claim_archived")
        .Register<ClaimAssigned>("claim_assigned")
        .Register<ClaimUnassigned>("claim_unassigned")
        .Register<ClaimTagged>("claim_tagged")
        .Register<ClaimNoteAdded>("claim_note_added")
        .Register<ClaimRestored>("claim_restored");
}
