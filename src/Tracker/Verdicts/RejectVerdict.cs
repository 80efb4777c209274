using Tracker.Claims;
using Tracker.Commands;

namespace Tracker.Verdicts;

/// <summary>Sends a pending verdict back; it stays in the claim's history as rejected, with the reason.</summary>
public sealed record RejectVerdict(Guid VerdictId, string Reason);

public static class RejectVerdictDecision
{
    public static Decision Decide(RejectVerdict command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                VerdictRules.MayDecide(by, claim, command.VerdictId, VerdictOutcome.Pending),
                Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return rejection;
        return Decision.Accept(new VerdictRejected(command.VerdictId, by.AccountId, command.Reason));
    }
}
