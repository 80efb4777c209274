using Marten;
using Tracker.Commands;
using Tracker.Store;
using Wolverine.Marten;
using Wolverine.Runtime;
using SourceStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Sources.Source>>;

namespace Tracker.Sources;

/// <summary>A write on one source by one of <see cref="SourceWrites"/>' rule functions.</summary>
public sealed record ChangeSource(CommandContext Context, Guid SourceId, Func<Source, Actor, DateTimeOffset, Decision> Decide, string? Reason = null)
    : IDeskWrite;

/// <summary>Source writes for the workbench's forms and the demo loader, sent through Wolverine (<see cref="DeskWrites"/>).</summary>
public sealed class SourceCommands(IWolverineRuntime wolverine)
{
    public Task<CommandOutcome> Register(CommandContext context, RegisterSource command, CancellationToken ct = default) =>
        wolverine.Open(new OpenStream(context, command.SourceId, SourceEventTypes.StreamType, SourceWrites.Registering(command)), ct);

    /// <summary>A write on an existing source, by one of <see cref="SourceWrites"/>' rule functions; null when the newsroom has no such source.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid sourceId, Func<Source, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        wolverine.Send(new ChangeSource(context, sourceId, decide, reason), ct);
}

public static class SourceDeskWriteHandlers
{
    public static async Task<Written> Handle(ChangeSource change,
        [WriteAggregate(nameof(ChangeSource.SourceId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] SourceStream source,
        IDocumentSession session, Ledger ledger, CancellationToken ct) =>
        new(await StagedWrite.On(change.Context, source, SourceEventTypes.StreamType, session, ledger, change.Decide, change.Reason, ct));
}
