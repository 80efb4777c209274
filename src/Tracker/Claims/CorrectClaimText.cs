using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>Rewords the claim; once a verdict is published, the change is a correction with this reason as its note.</summary>
public sealed record CorrectClaimText(string Text, string Reason);

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
        return Decision.Accept(new ClaimTextCorrected(command.Text, command.Reason));
    }
}
