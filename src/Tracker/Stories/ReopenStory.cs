using Tracker.Commands;

namespace Tracker.Stories;

public sealed record ReopenStory;

public static class ReopenStoryDecision
{
    public static Decision Decide(ReopenStory command, Story story, Actor by, DateTimeOffset now)
    {
        if (story.MustExist() is { } missing) return missing;
        if (!story.IsClosed) return Decision.Conflict("not_closed", "This story is open.");
        return Decision.Accept(new StoryReopened());
    }
}
