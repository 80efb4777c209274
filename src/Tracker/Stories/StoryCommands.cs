using Marten;
using Tracker.Commands;
using Tracker.Store;
using Wolverine.Marten;
using Wolverine.Runtime;
using StoryStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Stories.Story>>;

namespace Tracker.Stories;

/// <summary>A write on one story by one of <see cref="StoryWrites"/>' rule functions.</summary>
public sealed record ChangeStory(CommandContext Context, Guid StoryId, Func<Story, Actor, DateTimeOffset, Decision> Decide, string? Reason = null)
    : IDeskWrite;

/// <summary>Story writes for the workbench's forms and the demo loader, sent through Wolverine (<see cref="DeskWrites"/>).</summary>
public sealed class StoryCommands(IWolverineRuntime wolverine)
{
    public Task<CommandOutcome> Open(CommandContext context, OpenStory command, CancellationToken ct = default) =>
        wolverine.Open(new OpenStream(context, command.StoryId, StoryEventTypes.StreamType, StoryWrites.Opening(command)), ct);

    /// <summary>A write on an existing story, by one of <see cref="StoryWrites"/>' rule functions; null when the newsroom has no such story.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid storyId, Func<Story, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        wolverine.Send(new ChangeStory(context, storyId, decide, reason), ct);
}

public static class StoryDeskWriteHandlers
{
    public static async Task<Written> Handle(ChangeStory change,
        [WriteAggregate(nameof(ChangeStory.StoryId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] StoryStream story,
        IDocumentSession session, Ledger ledger, CancellationToken ct) =>
        new(await StagedWrite.On(change.Context, story, StoryEventTypes.StreamType, session, ledger, change.Decide, change.Reason, ct));
}
