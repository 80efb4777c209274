using Tracker.Claims;
using Tracker.Commands;
using Tracker.Stories;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

public class LogClaimTests : ClaimSpec
{
    private static readonly Story OpenStory = Story.Initial with { Id = StoryId, Title = StoryTitle, Summary = StorySummary };

    private LogClaim Log(string text = ThreeMeetings, DateTimeOffset? claimedAt = null) => new(StreamId, StoryId, text, claimedAt ?? FtReportDay);

    [Fact]
    public void Logging_a_claim_records_its_story_text_and_when_it_was_said() =>
        Given().When(claim => LogClaimDecision.Decide(Log(), claim, OpenStory, Rosa, Now))
            .Then(new ClaimLogged(StoryId, ThreeMeetings, FtReportDay));

    [Fact]
    public void A_closed_story_takes_no_claims() =>
        Given().When(claim => LogClaimDecision.Decide(Log(), claim, OpenStory with { IsClosed = true }, Rosa, Now))
            .ThenRejected(RejectionKind.Conflict, "story_closed", "storyId");

    [Fact]
    public void An_unknown_story_is_not_found() =>
        Given().When(claim => LogClaimDecision.Decide(Log(), claim, null, Rosa, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "storyId");

    [Fact]
    public void A_claim_is_logged_once() =>
        Given(Logged).When(claim => LogClaimDecision.Decide(Log(), claim, OpenStory, Rosa, Now))
            .ThenRejected(RejectionKind.Conflict, "already_logged", "claimId");

    [Fact]
    public void Claim_text_is_at_most_2000_characters() =>
        Given().When(claim => LogClaimDecision.Decide(Log(text: new string('x', 2001)), claim, OpenStory, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "text");

    [Fact]
    public void A_claim_cannot_be_made_after_now() =>
        Given().When(claim => LogClaimDecision.Decide(Log(claimedAt: Now.AddDays(1)), claim, OpenStory, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "in_future", "claimedAt");

    [Fact]
    public void A_logged_claim_is_unrated_and_remembers_who_logged_it()
    {
        var claim = Given(By(Rosa, Logged, at: Now.AddHours(-1))).State;

        claim.Id.ShouldBe(StreamId);
        claim.StoryId.ShouldBe(StoryId);
        claim.Text.ShouldBe(ThreeMeetings);
        claim.ClaimedAt.ShouldBe(FtReportDay);
        claim.LoggedAt.ShouldBe(Now.AddHours(-1));
        claim.LoggedBy.ShouldBe("Rosa Reporter");
        claim.Status.ShouldBe(ClaimStatus.Unrated);
    }
}
