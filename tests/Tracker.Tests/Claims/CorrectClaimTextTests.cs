using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

public class CorrectClaimTextTests : ClaimSpec
{
    private const string Reworded = "APP leaders met State Department officials at least three times since April 2025";

    [Fact]
    public void Correcting_records_the_new_text_and_the_reason() =>
        Given(Logged).When(claim => CorrectClaimTextDecision.Decide(new(Reworded, "LA News gives the year"), claim, Farid, Now))
            .Then(new ClaimTextCorrected(Reworded, "LA News gives the year"));

    [Fact]
    public void A_correction_must_change_the_text() =>
        Given(Logged).When(claim => CorrectClaimTextDecision.Decide(new(ThreeMeetings, "No change"), claim, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "unchanged", "text");

    [Fact]
    public void A_correction_needs_a_reason() =>
        Given(Logged).When(claim => CorrectClaimTextDecision.Decide(new(Reworded, " "), claim, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void A_reason_is_at_most_2000_characters() =>
        Given(Logged).When(claim => CorrectClaimTextDecision.Decide(new(Reworded, new string('r', 2001)), claim, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "reason");

    [Fact]
    public void An_unknown_claim_is_not_found() =>
        Given().When(claim => CorrectClaimTextDecision.Decide(new(Reworded, "Year"), claim, Farid, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "claimId");

    [Fact]
    public void The_claim_reads_as_corrected() =>
        Given(Logged, new ClaimTextCorrected(Reworded, "Year")).State.Text.ShouldBe(Reworded);
}
