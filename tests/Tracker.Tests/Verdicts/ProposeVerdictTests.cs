using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Verdicts;

public class ProposeVerdictTests : ClaimSpec
{
    private static ProposeVerdict Propose(Guid verdictId, string rating = "mostly_true", string summary = FirstSummary,
        IReadOnlyList<Evidence>? evidence = null, string? correctionNote = null) =>
        new(verdictId, rating, summary, evidence ?? MeetingsEvidence, correctionNote);

    [Fact]
    public void A_factchecker_proposes_a_verdict_under_their_account() =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict), claim, Farid, Now, RatingScale.Default))
            .Then(Proposed(FirstVerdict));

    [Fact]
    public void A_reporter_does_not_propose_verdicts() =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict), claim, Rosa, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.Forbidden, "factchecker_required");

    [Fact]
    public void One_verdict_waits_for_sign_off_at_a_time() =>
        Given(Logged, ProposedByFarid(FirstVerdict))
            .When(claim => ProposeVerdictDecision.Decide(Propose(SecondVerdict), claim, Ada, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.Conflict, "verdict_pending");

    [Fact]
    public void A_verdict_id_is_used_once() =>
        Given(Logged, ProposedByFarid(FirstVerdict), new VerdictRejected(FirstVerdict, Ada.AccountId, "Thin evidence"))
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.Conflict, "verdict_exists", "verdictId");

    [Theory]
    [InlineData("pants_on_fire")]
    [InlineData("Mostly true")]
    public void The_rating_comes_from_the_newsroom_scale(string rating) =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, rating), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "not_on_scale", "rating");

    [Fact]
    public void A_summary_is_at_most_5000_characters() =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, summary: new string('s', 5001)), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "summary");

    [Fact]
    public void A_verdict_needs_evidence() =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: []), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "required", "evidence");

    [Fact]
    public void Evidence_links_must_be_http() =>
        Given(Logged)
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: [MeetingsEvidence[0], new("Pollara tables", "pollara.com")]), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "url", "evidence[1].url");

    private static readonly Guid FtReport = Guid.Parse("0198a1b2-0000-7000-8000-00000000f7f7");

    [Fact]
    public void Evidence_may_cite_a_registered_source_without_a_note()
    {
        IReadOnlyList<Evidence> evidence = [new(SourceId: FtReport), new(" ", SourceId: FtReport), new("The FT's figures, page 2", SourceId: FtReport)];
        Given(Logged)
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: evidence), claim, Farid, Now, RatingScale.Default, new HashSet<Guid> { FtReport }))
            .Then(new VerdictProposed(FirstVerdict, "mostly_true", FirstSummary,
                [new(SourceId: FtReport), new(SourceId: FtReport), new("The FT's figures, page 2", SourceId: FtReport)], Farid.AccountId, null, null));
    }

    [Fact]
    public void A_cited_source_must_be_registered_in_the_newsroom() =>
        Given(Logged)
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: [MeetingsEvidence[0], new("FT", SourceId: FtReport)]), claim, Farid, Now,
                RatingScale.Default, new HashSet<Guid>()))
            .ThenRejected(RejectionKind.BrokenRule, "not_found", "evidence[1].sourceId");

    [Fact]
    public void Evidence_is_a_link_or_a_source_not_both() =>
        Given(Logged)
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: [new("FT", "https://www.ft.com/", FtReport)]), claim, Farid, Now,
                RatingScale.Default, new HashSet<Guid> { FtReport }))
            .ThenRejected(RejectionKind.BrokenRule, "url_or_source", "evidence[0].url");

    [Fact]
    public void Evidence_without_a_source_still_needs_a_note() =>
        Given(Logged)
            .When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, evidence: [new(null, "https://www.ft.com/")]), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "required", "evidence[0].note");

    [Fact]
    public void A_correction_note_needs_a_published_verdict_to_correct() =>
        Given(Logged).When(claim => ProposeVerdictDecision.Decide(Propose(FirstVerdict, correctionNote: CorrectionNote), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "nothing_to_correct", "correctionNote");

    [Fact]
    public void A_proposal_over_a_published_verdict_needs_a_correction_note() =>
        Given(Published).When(claim => ProposeVerdictDecision.Decide(Propose(SecondVerdict, "half_true", SecondSummary), claim, Farid, Now, RatingScale.Default))
            .ThenRejected(RejectionKind.BrokenRule, "required_for_correction", "correctionNote");

    [Fact]
    public void A_proposal_over_a_published_verdict_names_the_verdict_it_corrects() =>
        Given(Published)
            .When(claim => ProposeVerdictDecision.Decide(Propose(SecondVerdict, "half_true", SecondSummary, correctionNote: CorrectionNote), claim, Farid, Now, RatingScale.Default))
            .Then(Proposed(SecondVerdict, "half_true", SecondSummary, corrects: FirstVerdict, correctionNote: CorrectionNote));

    [Fact]
    public void A_proposed_verdict_puts_the_claim_under_review()
    {
        var claim = Given(Logged, By(Farid, Proposed(FirstVerdict), at: Now.AddHours(-1))).State;

        var pending = claim.PendingVerdict.ShouldNotBeNull();
        (pending.Outcome, pending.Rating, pending.ProposedBy, pending.ProposedByName, pending.ProposedAt)
            .ShouldBe((VerdictOutcome.Pending, "mostly_true", Farid.AccountId, "Farid Factchecker", Now.AddHours(-1)));
        claim.PublishedVerdict.ShouldBeNull();
        claim.Status.ShouldBe(ClaimStatus.UnderReview);
    }
}
