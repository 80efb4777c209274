using Tracker.Commands;

namespace Tracker.Stories;

/// <summary>Story writes for callers that own no Wolverine session: the workbench's forms and the demo loader.</summary>
public sealed class StoryCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Open(CommandContext context, OpenStory command, CancellationToken ct = default) =>
        runner.Start(context, command.StoryId, StoryEventTypes.StreamType, now => StoryWrites.Opening(command)(context.By, now), ct: ct);

    /// <summary>A write on an existing story, by one of <see cref="StoryWrites"/>' rule functions; null when the newsroom has no such story.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid storyId, Func<Story, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        runner.Update<Story>(context, storyId, StoryEventTypes.StreamType, (story, now) => decide(story, context.By, now), reason, ct);
}
