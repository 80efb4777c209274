using Tracker.Claims;
using Tracker.Commands;

namespace Tracker.Verdicts;

/// <summary>
/// The sign-off chain is the record's guarantee, so decisions check roles here as well as at the HTTP layer:
/// a demo loader or a script goes through these functions too.
/// </summary>
internal static class VerdictRules
{
    public static Rejection? MayPropose(Actor by) =>
        by.Has(Role.Factchecker) || by.Has(Role.Editor)
            ? null
            : new(RejectionKind.Forbidden, null, "factchecker_required", "Only a fact-checker or an editor proposes verdicts.");

    /// <summary>
    /// Why an editor may not approve, reject or void this verdict, if they may not: the claim is archived,
    /// they are no editor, the verdict is unknown (404) or not <paramref name="expected"/> (409).
    /// </summary>
    public static Rejection? MayDecide(Actor by, Claim claim, Guid verdictId, VerdictOutcome expected) => Check.First(
        claim.MustAcceptChanges(),
        by.Has(Role.Editor) ? null : new(RejectionKind.Forbidden, null, "editor_required", "Only an editor approves, rejects or voids verdicts."),
        MustBe(claim, verdictId, expected));

    private static Rejection? MustBe(Claim claim, Guid verdictId, VerdictOutcome expected) =>
        claim.FindVerdict(verdictId) switch
        {
            null => new(RejectionKind.NotFound, "verdictId", "not_found", "No such verdict on this claim."),
            { Outcome: var outcome } when outcome != expected => new(RejectionKind.Conflict, "verdictId",
                expected == VerdictOutcome.Pending ? "already_decided" : "not_published",
                $"This verdict is {outcome.ToString().ToLowerInvariant()}."),
            _ => null,
        };
}
