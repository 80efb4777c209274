using Tracker.Commands;

namespace Tracker.Stories;

/// <summary>Story commands for the API and the demo loader.</summary>
public sealed class StoryCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Open(CommandContext context, OpenStory command, CancellationToken ct = default) =>
        runner.Start(context, command.StoryId, StoryEventTypes.StreamType, now => OpenStoryDecision.Decide(command, Story.Initial, context.By, now), ct: ct);

    public Task<CommandOutcome?> On(CommandContext context, Guid storyId, Func<Story, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        runner.Update<Story>(context, storyId, StoryEventTypes.StreamType, (story, now) => decide(story, context.By, now), reason, ct);
}
