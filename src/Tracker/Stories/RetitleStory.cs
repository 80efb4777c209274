using Tracker.Commands;

namespace Tracker.Stories;

public sealed record RetitleStory(string Title);

public static class RetitleStoryDecision
{
    public static Decision Decide(RetitleStory command, Story story, Actor by, DateTimeOffset now)
    {
        if (Check.First(story.MustExist(), Check.Text("title", command.Title, TextLimits.Title)) is { } rejection)
            return rejection;
        if (command.Title == story.Title) return Decision.Invalid("title", "unchanged", "The story already has this title.");
        return Decision.Accept(new StoryRetitled(command.Title));
    }
}
