using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>Withdraws a wrong attribution; it stays on the record, marked, and is a correction once a verdict is published.</summary>
public sealed record WithdrawAttribution(Guid AttributionId, string Reason);

public static class WithdrawAttributionDecision
{
    public static Decision Decide(WithdrawAttribution command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (claim.MustAcceptChanges() is { } refused) return refused;
        var attribution = claim.FindAttribution(command.AttributionId);
        if (attribution is null) return Decision.NotFound("attributionId", "No such attribution on this claim.");
        if (attribution.Withdrawn) return Decision.Conflict("already_withdrawn", "This attribution is already withdrawn.", "attributionId");
        if (Check.Text("reason", command.Reason, TextLimits.Note) is { } rejection) return rejection;
        return Decision.Accept(new AttributionWithdrawn(command.AttributionId, command.Reason));
    }
}
