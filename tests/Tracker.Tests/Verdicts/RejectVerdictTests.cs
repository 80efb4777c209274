using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;

namespace Tracker.Tests.Verdicts;

public class RejectVerdictTests : ClaimSpec
{
    [Fact]
    public void An_editor_rejects_a_pending_verdict_with_a_reason() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => RejectVerdictDecision.Decide(new(FirstVerdict, "Ask the State Department first"), claim, Ada, Now))
            .Then(new VerdictRejected(FirstVerdict, Ada.AccountId, "Ask the State Department first"));

    [Fact]
    public void Rejecting_needs_a_reason() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => RejectVerdictDecision.Decide(new(FirstVerdict, ""), claim, Ada, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void Only_an_editor_rejects() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => RejectVerdictDecision.Decide(new(FirstVerdict, "No"), claim, Farid, Now))
            .ThenRejected(RejectionKind.Forbidden, "editor_required");

    [Fact]
    public void An_unknown_verdict_is_not_found() =>
        Given(Logged).When(claim => RejectVerdictDecision.Decide(new(FirstVerdict, "No"), claim, Ada, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "verdictId");

    [Fact]
    public void A_published_verdict_cannot_be_rejected() =>
        Given(Published).When(claim => RejectVerdictDecision.Decide(new(FirstVerdict, "No"), claim, Ed, Now))
            .ThenRejected(RejectionKind.Conflict, "already_decided", "verdictId");

    [Fact]
    public void A_rejected_verdict_stays_in_history_and_the_claim_is_unrated_again()
    {
        var claim = Given(Logged, ProposedByFarid(FirstVerdict), By(Ada, new VerdictRejected(FirstVerdict, Ada.AccountId, "Thin evidence"))).State;

        var rejected = claim.Verdicts.ShouldHaveSingleItem();
        (rejected.Outcome, rejected.ClosedBy, rejected.ClosedByName, rejected.ClosedReason)
            .ShouldBe((VerdictOutcome.Rejected, Ada.AccountId, "Ada Editor", "Thin evidence"));
        claim.Status.ShouldBe(ClaimStatus.Unrated);
        claim.Corrections.ShouldBeEmpty();
    }
}
