using Tracker.Claims;
using Tracker.Replay;
using Tracker.Stories;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Replay;

/// <summary>The pure diffs: words for text, before/after for ratings and status, added/removed for lists.</summary>
public class DiffTests : ClaimSpec
{
    private const string Reworded = "APP leaders met State Department officials at least three times since April 2025";

    [Fact]
    public void A_word_diff_spells_both_texts_and_marks_only_what_changed()
    {
        var change = WordDiff.Between(ThreeMeetings, Reworded).ShouldNotBeNull();

        string.Concat(change.Words.Where(w => w.Op != WordOp.Inserted).Select(w => w.Text)).ShouldBe(ThreeMeetings);
        string.Concat(change.Words.Where(w => w.Op != WordOp.Deleted).Select(w => w.Text)).ShouldBe(Reworded);
        change.Words.Where(w => w.Op == WordOp.Inserted).Select(w => w.Text.Trim()).ShouldBe(["at least", "2025"]);
        change.Words.ShouldNotContain(w => w.Op == WordOp.Deleted);
    }

    [Fact]
    public void Unchanged_text_has_no_diff_and_new_text_is_all_inserted()
    {
        WordDiff.Between(ThreeMeetings, ThreeMeetings).ShouldBeNull();
        WordDiff.Between(null, ThreeMeetings).ShouldNotBeNull().Words.ShouldBe([new WordRun(WordOp.Inserted, ThreeMeetings)]);
    }

    [Fact]
    public void Each_step_of_a_claim_s_history_shows_exactly_that_event()
    {
        object[] history = [Logged, FtReports, GlobalTimesRelays, ProposedByFarid(FirstVerdict), ApprovedBy(Ada, FirstVerdict),
            By(Farid, new ClaimTextCorrected(Reworded, "LA News gives the year")),
            By(Ada, new AttributionWithdrawn(GlobalTimesRelayed, "Global Times relayed CNN here")),
            By(Ed, new VerdictVoided(FirstVerdict, Ed.AccountId, "Rated the wrong claim"))];
        ClaimChanges Step(int n) => ClaimChanges.Between(Given(history[..(n - 1)]).State, Given(history[..n]).State);

        Step(1).ShouldSatisfyAllConditions(c => c.Logged.ShouldBeTrue(), c => c.Text!.After.ShouldBe(ThreeMeetings));
        Step(2).AttributionsAdded.ShouldHaveSingleItem().Id.ShouldBe(FtReported);
        Step(3).AttributionsAdded.ShouldHaveSingleItem().Via.ShouldBe(FtReported);
        Step(4).ShouldSatisfyAllConditions(
            c => c.PendingVerdict!.After!.VerdictId.ShouldBe(FirstVerdict),
            c => c.Status.ShouldBe(new Change<ClaimStatus>(ClaimStatus.Unrated, ClaimStatus.UnderReview)),
            c => c.Rating.ShouldBeNull());
        Step(5).ShouldSatisfyAllConditions(
            c => c.Rating.ShouldBe(new Change<string?>(null, "mostly_true")),
            c => c.PublishedVerdict!.After!.Outcome.ShouldBe(VerdictOutcome.Published),
            c => c.PendingVerdict!.After.ShouldBeNull());
        Step(6).ShouldSatisfyAllConditions(
            c => c.Text!.Words.Where(w => w.Op == WordOp.Inserted).Select(w => w.Text.Trim()).ShouldBe(["at least", "2025"]),
            c => c.Corrections.ShouldHaveSingleItem().Kind.ShouldBe(CorrectionKind.TextCorrected),
            c => c.Status.ShouldBeNull());
        Step(7).ShouldSatisfyAllConditions(
            c => c.AttributionsWithdrawn.ShouldHaveSingleItem().Id.ShouldBe(GlobalTimesRelayed),
            c => c.AttributionsAdded.ShouldBeEmpty(),
            c => c.Corrections.ShouldHaveSingleItem().Kind.ShouldBe(CorrectionKind.AttributionWithdrawn));
        Step(8).ShouldSatisfyAllConditions(
            c => c.Rating.ShouldBe(new Change<string?>("mostly_true", null)),
            c => c.Status.ShouldBe(new Change<ClaimStatus>(ClaimStatus.Rated, ClaimStatus.Unrated)),
            c => c.Corrections.ShouldHaveSingleItem().Kind.ShouldBe(CorrectionKind.VerdictVoided));
    }

    [Fact]
    public void Links_show_as_added_and_removed_and_no_change_is_empty()
    {
        var other = Guid.NewGuid();
        var linked = Given(Logged, new ClaimLinked(other, LinkRelation.Contradicts, "19% vs 30%", Inverse: false)).State;
        var unlinked = Given(Logged, new ClaimLinked(other, LinkRelation.Contradicts, "19% vs 30%", false), new ClaimUnlinked(other, "Same poll")).State;

        ClaimChanges.Between(Given(Logged).State, linked).LinksAdded.ShouldHaveSingleItem().OtherClaimId.ShouldBe(other);
        ClaimChanges.Between(linked, unlinked).LinksRemoved.ShouldHaveSingleItem().Relation.ShouldBe(LinkRelation.Contradicts);
        ClaimChanges.Between(linked, linked).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_story_diff_shows_its_title_and_only_the_claims_that_changed()
    {
        var opened = Story.Initial with { Id = StoryId, Title = StoryTitle, Summary = StorySummary };
        var retitled = opened with { Title = "US officials met Alberta separatists three times", IsClosed = true };
        var still = Given(Logged).State;

        var changes = StoryChanges.Between(opened, retitled, [(still, still), (Claim.Initial, still)]);

        changes.Opened.ShouldBeFalse();
        changes.Title.ShouldNotBeNull().Words.ShouldContain(new WordRun(WordOp.Deleted, "meet"));
        changes.Summary.ShouldBeNull();
        changes.Closed.ShouldBe(new Change<bool>(false, true));
        changes.Claims.ShouldHaveSingleItem().Logged.ShouldBeTrue();
    }
}
