using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>"This claim {relation} the other", e.g. the Premier's 30% contradicts Pollara's 19%. Two claims are linked once.</summary>
public sealed record LinkClaims(Guid OtherClaimId, LinkRelation Relation, string? Note);

public static class LinkClaimsDecision
{
    /// <param name="other">The other claim, or null when this newsroom has no such claim.</param>
    /// <returns><see cref="ClaimLinked"/> for this claim, and its inverse for the other claim.</returns>
    public static TwoClaimDecision Decide(LinkClaims command, Claim claim, Claim? other, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                claim.MustAcceptChanges(),
                command.OtherClaimId == claim.Id ? Broken("self_link", "A claim cannot be linked to itself.") : null,
                OtherClaim.MustAcceptLinks(command.OtherClaimId, other),
                claim.LinkTo(command.OtherClaimId) is { } existing
                    ? new(RejectionKind.Conflict, "otherClaimId", "already_linked", $"These claims are already linked ({existing.Relation}); unlink them first.")
                    : null,
                Check.Text("note", command.Note, TextLimits.Note, required: false)) is { } rejection)
            return TwoClaimDecision.Rejected(rejection, command.OtherClaimId);
        return new(
            Decision.Accept(new ClaimLinked(command.OtherClaimId, command.Relation, command.Note, Inverse: false)),
            command.OtherClaimId,
            [new ClaimLinked(claim.Id, command.Relation, command.Note, Inverse: true)]);
    }

    private static Rejection Broken(string rule, string message) => new(RejectionKind.BrokenRule, "otherClaimId", rule, message);
}
