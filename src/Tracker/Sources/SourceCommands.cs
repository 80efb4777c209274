using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>Source commands for the API and the demo loader.</summary>
public sealed class SourceCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Register(CommandContext context, RegisterSource command, CancellationToken ct = default) =>
        runner.Start(context, command.SourceId, SourceEventTypes.StreamType, now => RegisterSourceDecision.Decide(command, Source.Initial, context.By, now), ct: ct);

    public Task<CommandOutcome?> On(CommandContext context, Guid sourceId, Func<Source, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        runner.Update<Source>(context, sourceId, SourceEventTypes.StreamType, (source, now) => decide(source, context.By, now), reason, ct);
}
