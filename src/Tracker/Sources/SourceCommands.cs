using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>Source writes for callers that own no Wolverine session: the workbench's forms and the demo loader.</summary>
public sealed class SourceCommands(CommandRunner runner)
{
    public Task<CommandOutcome> Register(CommandContext context, RegisterSource command, CancellationToken ct = default) =>
        runner.Start(context, command.SourceId, SourceEventTypes.StreamType, now => SourceWrites.Registering(command)(context.By, now), ct: ct);

    /// <summary>A write on an existing source, by one of <see cref="SourceWrites"/>' rule functions; null when the newsroom has no such source.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid sourceId, Func<Source, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        runner.Update<Source>(context, sourceId, SourceEventTypes.StreamType, (source, now) => decide(source, context.By, now), reason, ct);
}
