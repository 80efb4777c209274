using Tracker.Claims;
using Tracker.Commands;

namespace Tracker.Verdicts;

/// <summary>Withdraws a published verdict found invalid. The record stays, marked void, and the void is a correction.</summary>
public sealed record VoidVerdict(Guid VerdictId, string Reason);

public static class VoidVerdictDecision
{
    public static Decision Decide(VoidVerdict command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                VerdictRules.MayDecide(by, claim, command.VerdictId, VerdictOutcome.Published),
                Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return rejection;
        return Decision.Accept(new VerdictVoided(command.VerdictId, by.AccountId, command.Reason));
    }
}
