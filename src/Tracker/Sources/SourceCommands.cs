using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>Registering a source for callers that own no Wolverine session: the workbench's form and the demo loader.</summary>
public sealed class SourceCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Register(CommandContext context, RegisterSource command, CancellationToken ct = default) =>
        runner.Start(context, command.SourceId, SourceEventTypes.StreamType, now => SourceWrites.Registering(command)(context.By, now), ct: ct);
}
