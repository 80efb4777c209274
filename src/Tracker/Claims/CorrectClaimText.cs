using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>
/// Rewords the claim. Before any verdict is published it changes at once; once one is published (so the wording is in
/// ClaimReview), the rewording waits for an editor other than its proposer, and then is a correction with this reason
/// as its note and that editor as its approver.
/// </summary>
public sealed record CorrectClaimText(string Text, string Reason, Guid TextCorrectionId = default);

public static class CorrectClaimTextDecision
{
    public static Decision Decide(CorrectClaimText command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                claim.MustAcceptChanges(),
                Check.Text("text", command.Text, TextLimits.ClaimText),
                Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return rejection;
        if (command.Text == claim.Text) return Decision.Invalid("text", "unchanged", "The claim already reads so.");
        if (claim.PublishedVerdict is null) return Decision.Accept(new ClaimTextCorrected(command.Text, command.Reason));
        if (claim.PendingTextCorrection is not null)
            return Decision.Conflict("text_correction_pending", "A rewording of this claim already awaits sign-off; approve or reject it first.");
        var id = command.TextCorrectionId == Guid.Empty ? Guid.CreateVersion7() : command.TextCorrectionId;
        return Decision.Accept(new TextCorrectionProposed(id, command.Text, command.Reason, by.AccountId));
    }
}

/// <summary>An editor other than the proposer approves a pending rewording, or rejects it with a reason.</summary>
public sealed record DecideTextCorrection(Guid TextCorrectionId, bool Approve, string? Reason = null);

public static class DecideTextCorrectionDecision
{
    public static Decision Decide(DecideTextCorrection command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (claim.MustAcceptChanges() is { } closed) return closed;
        if (!by.Has(Role.Editor)) return Decision.Forbidden("editor_required", "Only an editor approves or rejects a rewording.");
        if (claim.PendingTextCorrection is not { } pending || pending.TextCorrectionId != command.TextCorrectionId)
            return Decision.NotFound("textCorrectionId", "No such rewording awaits sign-off on this claim.");
        if (pending.ProposedBy == by.AccountId)
            return Decision.Forbidden("own_text_correction", "An editor other than the proposer must decide this rewording.");
        if (command.Approve) return Decision.Accept(new TextCorrectionApproved(pending.TextCorrectionId, by.AccountId));
        return Check.Text("reason", command.Reason, TextLimits.Note) is { } bad
            ? bad
            : Decision.Accept(new TextCorrectionRejected(pending.TextCorrectionId, command.Reason!.Trim(), by.AccountId));
    }
}
