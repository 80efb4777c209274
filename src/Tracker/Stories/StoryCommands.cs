using Tracker.Commands;

namespace Tracker.Stories;

/// <summary>Opening a story for callers that own no Wolverine session: the workbench's form and the demo loader.</summary>
public sealed class StoryCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Open(CommandContext context, OpenStory command, CancellationToken ct = default) =>
        runner.Start(context, command.StoryId, StoryEventTypes.StreamType, now => StoryWrites.Opening(command)(context.By, now), ct: ct);
}
