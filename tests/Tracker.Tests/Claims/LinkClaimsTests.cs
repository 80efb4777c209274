using Tracker.Claims;
using Tracker.Commands;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

/// <summary>Smith's "about 30% support" is this claim; Pollara's "only 19%" is the other.</summary>
public class LinkClaimsTests : ClaimSpec
{
    private static readonly Guid PollaraClaimId = Guid.NewGuid();
    private static readonly Claim PollaraClaim = Claim.Initial with { Id = PollaraClaimId, StoryId = StoryId, Text = NineteenPercent };
    private static readonly ClaimLogged SmithLogged = new(StoryId, ThirtyPercent, GlobalTimesDay);
    private const string Note = "Pollara's January poll against the Premier's figure";

    private static readonly LinkClaims Contradicts = new(PollaraClaimId, LinkRelation.Contradicts, Note);

    [Fact]
    public void Linking_writes_the_link_to_this_claim_and_its_inverse_to_the_other()
    {
        Given(SmithLogged).When(claim => LinkClaimsDecision.Decide(Contradicts, claim, PollaraClaim, Farid, Now).ThisClaim)
            .Then(new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, Inverse: false));

        var both = LinkClaimsDecision.Decide(Contradicts, Given(SmithLogged).State, PollaraClaim, Farid, Now);
        both.OtherClaimId.ShouldBe(PollaraClaimId);
        both.OtherClaimEvents.ShouldBeEvents(new ClaimLinked(StreamId, LinkRelation.Contradicts, Note, Inverse: true));
    }

    [Fact]
    public void A_claim_cannot_contradict_itself() =>
        Given(SmithLogged).When(claim => LinkClaimsDecision.Decide(Contradicts with { OtherClaimId = StreamId }, claim, claim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.BrokenRule, "self_link", "otherClaimId");

    [Fact]
    public void A_claim_of_another_newsroom_or_none_is_refused_on_otherClaimId() =>
        Given(SmithLogged).When(claim => LinkClaimsDecision.Decide(Contradicts, claim, null, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.BrokenRule, "not_found", "otherClaimId");

    [Fact]
    public void An_archived_claim_takes_no_links() =>
        Given(SmithLogged).When(claim => LinkClaimsDecision.Decide(Contradicts, claim, PollaraClaim with { IsArchived = true }, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.Conflict, "claim_archived", "otherClaimId");

    [Fact]
    public void The_same_link_twice_is_a_conflict() =>
        Given(SmithLogged, new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, false))
            .When(claim => LinkClaimsDecision.Decide(Contradicts, claim, PollaraClaim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.Conflict, "already_linked", "otherClaimId");

    [Fact]
    public void A_link_made_from_the_other_claim_already_links_the_pair() =>
        Given(SmithLogged, new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, Inverse: true))
            .When(claim => LinkClaimsDecision.Decide(Contradicts with { Relation = LinkRelation.Supports }, claim, PollaraClaim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.Conflict, "already_linked", "otherClaimId");

    [Fact]
    public void A_rejected_link_writes_to_neither_claim()
    {
        var decision = LinkClaimsDecision.Decide(Contradicts, Given(SmithLogged).State, null, Farid, Now);

        decision.IsAccepted.ShouldBeFalse();
        decision.OtherClaimEvents.ShouldBeEmpty();
    }

    [Fact]
    public void A_link_note_is_at_most_2000_characters() =>
        Given(SmithLogged).When(claim => LinkClaimsDecision.Decide(Contradicts with { Note = new string('n', 2001) }, claim, PollaraClaim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "note");

    [Fact]
    public void Unlinking_writes_to_both_claims()
    {
        var linked = new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, false);
        Given(SmithLogged, linked).When(claim => UnlinkClaimsDecision.Decide(new(PollaraClaimId, "Different questions"), claim, PollaraClaim, Farid, Now).ThisClaim)
            .Then(new ClaimUnlinked(PollaraClaimId, "Different questions"));

        UnlinkClaimsDecision.Decide(new(PollaraClaimId, "Different questions"), Given(SmithLogged, linked).State, PollaraClaim, Farid, Now)
            .OtherClaimEvents.ShouldBeEvents(new ClaimUnlinked(StreamId, "Different questions"));
    }

    [Fact]
    public void Unlinking_claims_that_are_not_linked_is_not_found() =>
        Given(SmithLogged).When(claim => UnlinkClaimsDecision.Decide(new(PollaraClaimId, "Different questions"), claim, PollaraClaim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.NotFound, "not_found", "otherClaimId");

    [Fact]
    public void Unlinking_needs_a_reason() =>
        Given(SmithLogged, new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, false))
            .When(claim => UnlinkClaimsDecision.Decide(new(PollaraClaimId, ""), claim, PollaraClaim, Farid, Now).ThisClaim)
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void Links_stand_until_unlinked_and_say_which_side_made_them()
    {
        var linked = Given(SmithLogged, By(Farid, new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, false))).State;
        linked.LinkTo(PollaraClaimId).ShouldBe(new ClaimLink(PollaraClaimId, LinkRelation.Contradicts, false, Note, "Farid Factchecker", Now.AddMinutes(-1)));

        Given(SmithLogged, new ClaimLinked(PollaraClaimId, LinkRelation.Contradicts, Note, false), new ClaimUnlinked(PollaraClaimId, "Different questions"))
            .State.Links.ShouldBeEmpty();
    }
}
