using Tracker.Commands;

namespace Tracker.Claims;

public sealed record RestoreClaim;

public static class RestoreClaimDecision
{
    public static Decision Decide(RestoreClaim command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (!claim.IsLogged) return Decision.NotFound("claimId", "No such claim.");
        if (!claim.IsArchived) return Decision.Conflict("not_archived", "This claim is not archived.");
        return Decision.Accept(new ClaimRestored());
    }
}
