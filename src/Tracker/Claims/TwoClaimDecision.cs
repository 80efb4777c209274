using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>
/// Linking and unlinking write to two claims in one transaction: append <see cref="ThisClaim"/>'s events to this
/// claim and <see cref="OtherClaimEvents"/> to claim <see cref="OtherClaimId"/>. A rejection appends to neither.
/// </summary>
public sealed record TwoClaimDecision(Decision ThisClaim, Guid OtherClaimId, IReadOnlyList<object> OtherClaimEvents)
{
    public bool IsAccepted => ThisClaim.IsAccepted;

    public Rejection? Rejection => ThisClaim.Rejection;

    public static TwoClaimDecision Rejected(Rejection rejection, Guid otherClaimId) => new(rejection, otherClaimId, []);
}
