using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;

namespace Tracker.Tests.Verdicts;

public class ApproveVerdictTests : ClaimSpec
{
    [Fact]
    public void An_editor_other_than_the_proposer_publishes_the_verdict() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Ada, Now))
            .Then(new VerdictApproved(FirstVerdict, Ada.AccountId));

    [Fact]
    public void An_editor_never_approves_their_own_verdict() =>
        Given(Logged, By(Ada, Proposed(FirstVerdict) with { ProposedBy = Ada.AccountId }))
            .When(claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Ada, Now))
            .ThenRejected(RejectionKind.Forbidden, "own_verdict");

    [Fact]
    public void Only_an_editor_approves() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Farid, Now))
            .ThenRejected(RejectionKind.Forbidden, "editor_required");

    [Fact]
    public void An_unknown_verdict_is_not_found() =>
        Given(Logged, ProposedByFarid(FirstVerdict)).When(claim => ApproveVerdictDecision.Decide(new(SecondVerdict), claim, Ada, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "verdictId");

    [Fact]
    public void A_published_verdict_is_already_decided() =>
        Given(Published).When(claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Ed, Now))
            .ThenRejected(RejectionKind.Conflict, "already_decided", "verdictId");

    [Fact]
    public void A_rejected_verdict_is_already_decided() =>
        Given(Logged, ProposedByFarid(FirstVerdict), new VerdictRejected(FirstVerdict, Ada.AccountId, "Thin evidence"))
            .When(claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Ed, Now))
            .ThenRejected(RejectionKind.Conflict, "already_decided", "verdictId");

    [Fact]
    public void Approval_publishes_and_rates_the_claim()
    {
        var claim = Given(Logged, ProposedByFarid(FirstVerdict), By(Ada, new VerdictApproved(FirstVerdict, Ada.AccountId), at: Now.AddMinutes(-5))).State;

        var published = claim.PublishedVerdict.ShouldNotBeNull();
        (published.VerdictId, published.ApprovedBy, published.ApprovedByName, published.ApprovedAt)
            .ShouldBe((FirstVerdict, Ada.AccountId, "Ada Editor", Now.AddMinutes(-5)));
        claim.PendingVerdict.ShouldBeNull();
        claim.Status.ShouldBe(ClaimStatus.Rated);
        claim.Corrections.ShouldBeEmpty();
    }

    [Fact]
    public void A_correction_approved_supersedes_the_published_verdict_and_keeps_it_in_history()
    {
        var claim = Given(With(Published,
            ProposedByFarid(SecondVerdict, "half_true", SecondSummary, FirstVerdict, CorrectionNote),
            ApprovedBy(Ed, SecondVerdict))).State;

        claim.PublishedVerdict.ShouldNotBeNull().VerdictId.ShouldBe(SecondVerdict);
        claim.Verdicts.Select(v => (v.VerdictId, v.Outcome)).ShouldBe([(FirstVerdict, VerdictOutcome.Superseded), (SecondVerdict, VerdictOutcome.Published)]);
        var superseded = claim.FindVerdict(FirstVerdict).ShouldNotBeNull();
        (superseded.SupersededBy, superseded.ClosedBy, superseded.ClosedByName, superseded.ClosedReason)
            .ShouldBe((SecondVerdict, Ed.AccountId, "Ed Itor", CorrectionNote));
        superseded.ApprovedByName.ShouldBe("Ada Editor");
        claim.Status.ShouldBe(ClaimStatus.Rated);
    }

    [Fact]
    public void A_pending_correction_leaves_the_published_verdict_standing()
    {
        var claim = Given(With(Published, ProposedByFarid(SecondVerdict, "half_true", SecondSummary, FirstVerdict, CorrectionNote))).State;

        claim.PublishedVerdict.ShouldNotBeNull().VerdictId.ShouldBe(FirstVerdict);
        claim.PendingVerdict.ShouldNotBeNull().Corrects.ShouldBe(FirstVerdict);
        claim.Status.ShouldBe(ClaimStatus.Rated);
    }
}
