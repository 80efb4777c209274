using Tracker.Commands;

namespace Tracker.Stories;

/// <summary>Opens a story under an id the caller chose, so a retried request finds it already open.</summary>
public sealed record OpenStory(Guid StoryId, string Title, string Summary);

public static class OpenStoryDecision
{
    public static Decision Decide(OpenStory command, Story story, Actor by, DateTimeOffset now)
    {
        if (story.IsOpened) return Decision.Conflict("already_opened", "This story is already open.", "storyId");
        if (Check.First(
                Check.Text("title", command.Title, TextLimits.Title),
                Check.Text("summary", command.Summary, TextLimits.Summary)) is { } rejection)
            return rejection;
        return Decision.Accept(new StoryOpened(command.Title, command.Summary));
    }
}
