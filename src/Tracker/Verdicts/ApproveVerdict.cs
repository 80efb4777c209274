using Tracker.Claims;
using Tracker.Commands;

namespace Tracker.Verdicts;

/// <summary>Publishes a pending verdict. The writer of a verdict never signs it off.</summary>
public sealed record ApproveVerdict(Guid VerdictId);

public static class ApproveVerdictDecision
{
    public static Decision Decide(ApproveVerdict command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (VerdictRules.MayDecide(by, claim, command.VerdictId, VerdictOutcome.Pending) is { } refused) return refused;
        if (claim.FindVerdict(command.VerdictId)!.ProposedBy == by.AccountId)
            return Decision.Forbidden("own_verdict", "An editor other than the proposer must approve this verdict.");
        return Decision.Accept(new VerdictApproved(command.VerdictId, by.AccountId));
    }
}
