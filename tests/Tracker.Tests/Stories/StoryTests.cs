using Tracker.Commands;
using Tracker.Stories;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Stories;

public class StoryTests : Spec<Story>
{
    private static readonly StoryOpened Opened = new(StoryTitle, StorySummary);

    [Fact]
    public void Opening_a_story_records_title_and_summary() =>
        Given().When(story => OpenStoryDecision.Decide(new(StoryId, StoryTitle, StorySummary), story, Rosa, Now))
            .Then(new StoryOpened(StoryTitle, StorySummary));

    [Fact]
    public void A_story_opens_once() =>
        Given(Opened).When(story => OpenStoryDecision.Decide(new(StoryId, StoryTitle, StorySummary), story, Rosa, Now))
            .ThenRejected(RejectionKind.Conflict, "already_opened", "storyId");

    [Fact]
    public void A_title_longer_than_300_characters_is_refused() =>
        Given().When(story => OpenStoryDecision.Decide(new(StoryId, new string('A', 301), StorySummary), story, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "title");

    [Fact]
    public void A_story_needs_a_summary() =>
        Given().When(story => OpenStoryDecision.Decide(new(StoryId, StoryTitle, " "), story, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "summary");

    [Fact]
    public void Retitling_records_the_new_title() =>
        Given(Opened).When(story => RetitleStoryDecision.Decide(new("Alberta separatists and Washington"), story, Rosa, Now))
            .Then(new StoryRetitled("Alberta separatists and Washington"));

    [Fact]
    public void Retitling_to_the_same_title_is_refused() =>
        Given(Opened).When(story => RetitleStoryDecision.Decide(new(StoryTitle), story, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "unchanged", "title");

    [Fact]
    public void An_unknown_story_is_not_found() =>
        Given().When(story => RetitleStoryDecision.Decide(new("Anything"), story, Rosa, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "storyId");

    [Fact]
    public void Revising_the_summary_records_it() =>
        Given(Opened).When(story => ReviseStorySummaryDecision.Decide(new("Six weeks of coverage, from the FT report to the referendum petition."), story, Rosa, Now))
            .Then(new StorySummaryRevised("Six weeks of coverage, from the FT report to the referendum petition."));

    [Fact]
    public void A_summary_longer_than_5000_characters_is_refused() =>
        Given(Opened).When(story => ReviseStorySummaryDecision.Decide(new(new string('s', 5001)), story, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "summary");

    [Fact]
    public void Closing_records_the_note() =>
        Given(Opened).When(story => CloseStoryDecision.Decide(new("Coverage ended with the referendum petition."), story, Ada, Now))
            .Then(new StoryClosed("Coverage ended with the referendum petition."));

    [Fact]
    public void A_closed_story_cannot_be_closed_again() =>
        Given(Opened, new StoryClosed(null)).When(story => CloseStoryDecision.Decide(new(null), story, Ada, Now))
            .ThenRejected(RejectionKind.Conflict, "already_closed");

    [Fact]
    public void A_closed_story_reopens() =>
        Given(Opened, new StoryClosed(null)).When(story => ReopenStoryDecision.Decide(new(), story, Ada, Now))
            .Then(new StoryReopened());

    [Fact]
    public void An_open_story_cannot_be_reopened() =>
        Given(Opened).When(story => ReopenStoryDecision.Decide(new(), story, Ada, Now))
            .ThenRejected(RejectionKind.Conflict, "not_closed");

    [Fact]
    public void Evolving_keeps_the_latest_title_summary_and_whether_it_is_closed()
    {
        var story = Given(Opened, new StoryRetitled("Alberta separatists and Washington"), new StorySummaryRevised("Revised."),
            new StoryClosed("Quiet for a month."), new StoryReopened()).State;

        story.Id.ShouldBe(StreamId);
        story.Title.ShouldBe("Alberta separatists and Washington");
        story.Summary.ShouldBe("Revised.");
        story.IsClosed.ShouldBeFalse();
        story.ClosingNote.ShouldBeNull();
        Given(Opened, new StoryClosed("Quiet for a month.")).State.ClosingNote.ShouldBe("Quiet for a month.");
    }
}
