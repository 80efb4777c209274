using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;

namespace Tracker.Tests.Verdicts;

public class VoidVerdictTests : ClaimSpec
{
    private const string Reason = "Rated the wrong claim: this one is the aggregator's \"multiple meetings\".";

    [Fact]
    public void An_editor_voids_a_published_verdict_with_a_reason() =>
        Given(Published).When(claim => VoidVerdictDecision.Decide(new(FirstVerdict, Reason), claim, Ed, Now))
            .Then(new VerdictVoided(FirstVerdict, Ed.AccountId, Reason));

    [Fact]
    public void Voiding_needs_a_reason() =>
        Given(Published).When(claim => VoidVerdictDecision.Decide(new(FirstVerdict, " "), claim, Ed, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void Only_an_editor_voids() =>
        Given(Published).When(claim => VoidVerdictDecision.Decide(new(FirstVerdict, Reason), claim, Farid, Now))
            .ThenRejected(RejectionKind.Forbidden, "editor_required");

    [Fact]
    public void A_pending_verdict_is_rejected_not_voided() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => VoidVerdictDecision.Decide(new(FirstVerdict, Reason), claim, Ed, Now))
            .ThenRejected(RejectionKind.Conflict, "not_published", "verdictId");

    [Fact]
    public void A_voided_verdict_cannot_be_voided_again() =>
        Given(With(Published, new VerdictVoided(FirstVerdict, Ed.AccountId, Reason)))
            .When(claim => VoidVerdictDecision.Decide(new(FirstVerdict, Reason), claim, Ed, Now))
            .ThenRejected(RejectionKind.Conflict, "not_published", "verdictId");

    [Fact]
    public void An_unknown_verdict_is_not_found() =>
        Given(Published).When(claim => VoidVerdictDecision.Decide(new(SecondVerdict, Reason), claim, Ed, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "verdictId");

    [Fact]
    public void A_voided_verdict_stays_in_history_and_the_claim_is_unrated()
    {
        var claim = Given(With(Published, By(Ed, new VerdictVoided(FirstVerdict, Ed.AccountId, Reason)))).State;

        var voided = claim.Verdicts.ShouldHaveSingleItem();
        (voided.Outcome, voided.ClosedByName, voided.ClosedReason, voided.ApprovedByName)
            .ShouldBe((VerdictOutcome.Voided, "Ed Itor", Reason, "Ada Editor"));
        claim.PublishedVerdict.ShouldBeNull();
        claim.Status.ShouldBe(ClaimStatus.Unrated);
    }

    [Fact]
    public void After_a_void_a_new_verdict_needs_no_correction_note() =>
        Given(With(Published, new VerdictVoided(FirstVerdict, Ed.AccountId, Reason)))
            .When(claim => ProposeVerdictDecision.Decide(new(SecondVerdict, "unverifiable", SecondSummary, Seeds.MeetingsEvidence, null), claim, Farid, Now, RatingScale.Default))
            .Then(Proposed(SecondVerdict, "unverifiable", SecondSummary));
}
