using Tracker.Commands;

namespace Tracker.Claims;

public sealed record UnlinkClaims(Guid OtherClaimId, string Reason);

public static class UnlinkClaimsDecision
{
    /// <param name="other">The other claim, as loaded for this newsroom.</param>
    /// <returns><see cref="ClaimUnlinked"/> for this claim, and its mirror for the other claim.</returns>
    public static TwoClaimDecision Decide(UnlinkClaims command, Claim claim, Claim? other, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                claim.MustAcceptChanges(),
                claim.LinkTo(command.OtherClaimId) is null
                    ? new(RejectionKind.NotFound, "otherClaimId", "not_found", "These claims are not linked.")
                    : null,
                OtherClaim.MustAcceptLinks(command.OtherClaimId, other),
                Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return TwoClaimDecision.Rejected(rejection, command.OtherClaimId);
        return new(
            Decision.Accept(new ClaimUnlinked(command.OtherClaimId, command.Reason)),
            command.OtherClaimId,
            [new ClaimUnlinked(claim.Id, command.Reason)]);
    }
}
