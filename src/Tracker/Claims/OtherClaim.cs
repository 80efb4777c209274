using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>The far side of a link, named in the request body: unknown is a broken rule (422), not a missing resource (404).</summary>
internal static class OtherClaim
{
    public static Rejection? MustAcceptLinks(Guid otherClaimId, Claim? other) =>
        other is not { IsLogged: true } || other.Id != otherClaimId
            ? new(RejectionKind.BrokenRule, "otherClaimId", "not_found", "No such claim in this newsroom.")
            : other.IsArchived
                ? new(RejectionKind.Conflict, "otherClaimId", "claim_archived", "The other claim is archived; restore it first.")
                : null;
}
