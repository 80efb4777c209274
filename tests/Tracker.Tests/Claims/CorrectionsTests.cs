using Tracker.Claims;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

/// <summary>Any change to published information is a correction: the four kinds, and what is not one.</summary>
public class CorrectionsTests : ClaimSpec
{
    private static readonly DateTimeOffset At = Now.AddMinutes(-30);
    private const string Reworded = "APP leaders met State Department officials at least three times since April 2025";

    [Fact]
    public void A_new_verdict_over_a_published_one_is_a_correction_signed_by_its_approver()
    {
        var claim = Given(With(Published,
            ProposedByFarid(SecondVerdict, "half_true", SecondSummary, FirstVerdict, CorrectionNote),
            By(Ed, new Tracker.Verdicts.VerdictApproved(SecondVerdict, Ed.AccountId), at: At))).State;

        claim.Corrections.ShouldHaveSingleItem().ShouldBe(new Correction(
            At, 5, CorrectionKind.VerdictSuperseded, "verdict",
            $"mostly_true: {FirstSummary}", $"half_true: {SecondSummary}", CorrectionNote, "Ed Itor"));
    }

    [Fact]
    public void Correcting_the_text_of_a_rated_claim_is_a_correction() =>
        Given(With(Published, By(Farid, new ClaimTextCorrected(Reworded, "LA News gives the year"), at: At)))
            .State.Corrections.ShouldHaveSingleItem().ShouldBe(new Correction(
                At, 4, CorrectionKind.TextCorrected, "text", ThreeMeetings, Reworded, "LA News gives the year", "Farid Factchecker"));

    [Fact]
    public void Withdrawing_an_attribution_of_a_rated_claim_is_a_correction() =>
        Given(With(Published, GlobalTimesRelays, By(Ada, new AttributionWithdrawn(GlobalTimesRelayed, "Global Times relayed CNN here"), at: At)))
            .State.Corrections.ShouldHaveSingleItem().ShouldBe(new Correction(
                At, 5, CorrectionKind.AttributionWithdrawn, "attribution", $"relay: {ThreeMeetingsAsGlobalTimes}", null, "Global Times relayed CNN here", "Ada Editor"));

    [Fact]
    public void Voiding_a_published_verdict_is_a_correction() =>
        Given(With(Published, By(Ed, new Tracker.Verdicts.VerdictVoided(FirstVerdict, Ed.AccountId, "Rated the wrong claim"), at: At)))
            .State.Corrections.ShouldHaveSingleItem().ShouldBe(new Correction(
                At, 4, CorrectionKind.VerdictVoided, "verdict", $"mostly_true: {FirstSummary}", null, "Rated the wrong claim", "Ed Itor"));

    [Fact]
    public void Changes_before_any_verdict_is_published_are_not_corrections() =>
        Given(Logged, GlobalTimesRelays, ProposedByFarid(FirstVerdict),
                new ClaimTextCorrected(Reworded, "Year"), new AttributionWithdrawn(GlobalTimesRelayed, "Wrong outlet"))
            .State.Corrections.ShouldBeEmpty();

    [Fact]
    public void Corrections_accumulate_in_order()
    {
        var claim = Given(With(Published,
            new ClaimTextCorrected(Reworded, "Year"),
            ProposedByFarid(SecondVerdict, "half_true", SecondSummary, FirstVerdict, CorrectionNote),
            ApprovedBy(Ed, SecondVerdict),
            new Tracker.Verdicts.VerdictVoided(SecondVerdict, Ed.AccountId, "Wrong claim"))).State;

        claim.Corrections.Select(c => c.Kind).ShouldBe([CorrectionKind.TextCorrected, CorrectionKind.VerdictSuperseded, CorrectionKind.VerdictVoided]);
        claim.Corrections.Select(c => c.Version).ShouldBe([4, 6, 7]);
    }
}
