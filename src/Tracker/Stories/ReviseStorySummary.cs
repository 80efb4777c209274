using Tracker.Commands;

namespace Tracker.Stories;

public sealed record ReviseStorySummary(string Summary);

public static class ReviseStorySummaryDecision
{
    public static Decision Decide(ReviseStorySummary command, Story story, Actor by, DateTimeOffset now)
    {
        if (Check.First(story.MustExist(), Check.Text("summary", command.Summary, TextLimits.Summary)) is { } rejection)
            return rejection;
        if (command.Summary == story.Summary) return Decision.Invalid("summary", "unchanged", "The story already has this summary.");
        return Decision.Accept(new StorySummaryRevised(command.Summary));
    }
}
