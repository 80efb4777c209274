using JasperFx.Events;
using Marten;
using Tracker.EventStore;
using Tracker.Store;

namespace Tracker.Commands;

/// <summary>
/// A Wolverine endpoint's write: decide on the state Wolverine fetched for writing (or on nothing, for a new stream) and
/// stage the events with <see cref="Ledger.Stage"/> on Wolverine's session, whose transactional middleware commits.
/// The workbench's, CLI's and demo loader's writes reach it through Wolverine's handlers of <see cref="IDeskWrite"/> messages.
/// </summary>
public static class StagedWrite
{
    /// <summary>A write to an existing stream. A pinned version that is not the one fetched is stale: nothing is staged.</summary>
    public static async Task<CommandOutcome?> On<T>(CommandContext context, IEventStream<Aggregate<T>> stream, string streamType,
        IDocumentSession session, Ledger ledger, Func<T, Actor, DateTimeOffset, Decision> decide, string? reason, CancellationToken ct)
    {
        if (stream.Aggregate is not { } current) return null;
        if (context.IfMatch is { } pinned && pinned != current.Version) return new CommandOutcome.Stale(pinned, current.Version);
        var decision = decide(current.State, context.By, ledger.Clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
        return await Stage(context, session, ledger, [new StreamAppend(stream.Id, streamType, ExpectedVersion.Exactly(current.Version),
            decision.Events, context.Metadata(reason)) { Head = current.Head }], ct);
    }

    /// <summary>
    /// A write that opens a new stream. Staged through the ledger, not returned as Wolverine's <c>MartenOps.StartStream</c>:
    /// the events must carry the hash chain's headers from genesis, which only <see cref="Ledger.Stage"/> computes (and it
    /// starts the stream the way every other append does, with the same stream type), so the first event of a story opened
    /// here hashes exactly like one opened by the workbench or the demo loader.
    /// </summary>
    public static async Task<CommandOutcome> Start(CommandContext context, Guid streamId, string streamType, IDocumentSession session,
        Ledger ledger, Func<Actor, DateTimeOffset, Decision> decide, string? reason, CancellationToken ct)
    {
        var decision = decide(context.By, ledger.Clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
        return await Stage(context, session, ledger,
            [new StreamAppend(streamId, streamType, ExpectedVersion.NoStream, decision.Events, context.Metadata(reason))], ct);
    }

    /// <summary>Decided appends, to one stream or several (a link writes to both claims), staged with what must commit with them.</summary>
    public static async Task<CommandOutcome> Stage(CommandContext context, IDocumentSession session, Ledger ledger,
        IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        var results = await ledger.Stage(session, context.By.Newsroom, appends, ct);
        context.Also?.Invoke(session, results);
        return new CommandOutcome.Appended(results);
    }
}
