using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

public class ArchiveClaimTests : ClaimSpec
{
    private static readonly ClaimArchived Archived = new("Duplicate of the FT claim logged by the other desk");

    [Fact]
    public void Archiving_records_the_reason() =>
        Given(Logged).When(claim => ArchiveClaimDecision.Decide(new("Duplicate of the FT claim logged by the other desk"), claim, Ada, Now))
            .Then(Archived);

    [Fact]
    public void Archiving_needs_a_reason() =>
        Given(Logged).When(claim => ArchiveClaimDecision.Decide(new(""), claim, Ada, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void An_archived_claim_restores() =>
        Given(Logged, Archived).When(claim => RestoreClaimDecision.Decide(new(), claim, Ada, Now))
            .Then(new ClaimRestored());

    [Fact]
    public void Only_an_archived_claim_restores() =>
        Given(Logged).When(claim => RestoreClaimDecision.Decide(new(), claim, Ada, Now))
            .ThenRejected(RejectionKind.Conflict, "not_archived");

    [Fact]
    public void An_unknown_claim_cannot_be_restored() =>
        Given().When(claim => RestoreClaimDecision.Decide(new(), claim, Ada, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "claimId");

    public static TheoryData<string, Func<Claim, Decision>> EveryOtherCommand => new()
    {
        { "archive", claim => ArchiveClaimDecision.Decide(new("Again"), claim, Ada, Now) },
        { "attribute", claim => AddAttributionDecision.Decide(new(RathSaid, JeffRath, AttributionRole.Claimant, RathHighestLevel, null, null), claim, RathSource, Rosa, Now) },
        { "withdraw", claim => WithdrawAttributionDecision.Decide(new(FtReported, "Wrong outlet"), claim, Farid, Now) },
        { "correct text", claim => CorrectClaimTextDecision.Decide(new(EightyFivePercent, "Reworded"), claim, Farid, Now) },
        { "propose", claim => ProposeVerdictDecision.Decide(new(SecondVerdict, "false", SecondSummary, MeetingsEvidence, CorrectionNote), claim, Farid, Now, RatingScale.Default) },
        { "approve", claim => ApproveVerdictDecision.Decide(new(FirstVerdict), claim, Ada, Now) },
        { "reject", claim => RejectVerdictDecision.Decide(new(FirstVerdict, "No"), claim, Ada, Now) },
        { "void", claim => VoidVerdictDecision.Decide(new(FirstVerdict, "No"), claim, Ada, Now) },
        { "link", claim => LinkClaimsDecision.Decide(new(Guid.NewGuid(), LinkRelation.Restates, null), claim, null, Farid, Now).ThisClaim },
        { "unlink", claim => UnlinkClaimsDecision.Decide(new(Guid.NewGuid(), "No"), claim, null, Farid, Now).ThisClaim },
    };

    [Theory]
    [MemberData(nameof(EveryOtherCommand))]
    public void An_archived_claim_accepts_nothing_but_restoring(string command, Func<Claim, Decision> decide) =>
        Given(With(Published, FtReports, Archived)).When(decide)
            .ThenRejected(RejectionKind.Conflict, "claim_archived").Message.ShouldNotBeEmpty(command);

    [Fact]
    public void An_archived_claim_keeps_its_verdict_and_returns_to_rated_when_restored()
    {
        var archived = Given(With(Published, Archived)).State;
        archived.Status.ShouldBe(ClaimStatus.Archived);
        archived.ArchiveReason.ShouldBe(Archived.Reason);
        archived.PublishedVerdict.ShouldNotBeNull();

        Given(With(Published, Archived, new ClaimRestored())).State.Status.ShouldBe(ClaimStatus.Rated);
    }
}
