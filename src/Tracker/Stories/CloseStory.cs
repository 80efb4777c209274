using Tracker.Commands;

namespace Tracker.Stories;

/// <summary>Closing stops new claims; the note, when given, says why (the topic went quiet, it merged into another).</summary>
public sealed record CloseStory(string? Note);

public static class CloseStoryDecision
{
    public static Decision Decide(CloseStory command, Story story, Actor by, DateTimeOffset now)
    {
        if (story.MustExist() is { } missing) return missing;
        if (story.IsClosed) return Decision.Conflict("already_closed", "This story is already closed.");
        if (Check.Text("note", command.Note, TextLimits.Note, required: false) is { } rejection) return rejection;
        return Decision.Accept(new StoryClosed(command.Note));
    }
}
