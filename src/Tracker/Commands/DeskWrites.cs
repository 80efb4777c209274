using Wolverine;
using Wolverine.Runtime;

namespace Tracker.Commands;

/// <summary>
/// Writes the workbench's forms, the CLI, first start and the demo loader send through Wolverine
/// (<see cref="DeskWrites.Send"/>), handled by the same aggregate handler workflow as the API's endpoints: the stream
/// fetched for writing by Wolverine, the route's own rule function, <see cref="StagedWrite"/> onto Wolverine's session,
/// and Wolverine's transactional middleware commits. In-process only: each carries its rule function, so none is ever
/// serialised or sent to a queue.
/// </summary>
public interface IDeskWrite
{
    CommandContext Context { get; }
}

/// <summary>Opens a new stream (a story, a source, a claim, an account, a newsroom) with what the rule function decides.</summary>
public sealed record OpenStream(CommandContext Context, Guid StreamId, string StreamType, Func<Actor, DateTimeOffset, Decision> Decide,
    string? Reason = null) : IDeskWrite;

/// <summary>What became of a desk write; null when the newsroom has no such stream.</summary>
public sealed record Written(CommandOutcome? Outcome);

public static class DeskWrites
{
    /// <summary>Runs the write in the acting newsroom (Wolverine opens the Marten session for that tenant) and returns its outcome.</summary>
    /// <remarks>Callers are singletons (form routes, CLI verbs), so each write gets its own bus, as Wolverine advises outside a scope.</remarks>
    public static async Task<CommandOutcome?> Send(this IWolverineRuntime wolverine, IDeskWrite write, CancellationToken ct = default) =>
        (await new MessageBus(wolverine).InvokeForTenantAsync<Written>(write.Context.By.Newsroom, write, ct)).Outcome;

    /// <summary>A write that opens a stream: never "not found".</summary>
    public static async Task<CommandOutcome> Open(this IWolverineRuntime wolverine, OpenStream open, CancellationToken ct = default) =>
        await wolverine.Send(open, ct) ?? throw new InvalidOperationException("Opening a stream has an outcome.");
}

/// <summary>The handler of <see cref="OpenStream"/>: nothing to fetch, the rule decides on the actor and the time alone.</summary>
public static class OpenStreamHandler
{
    [Wolverine.Attributes.Transactional]
    public static async Task<Written> Handle(OpenStream open, Marten.IDocumentSession session, Store.Ledger ledger, CancellationToken ct) =>
        new(await StagedWrite.Start(open.Context, open.StreamId, open.StreamType, session, ledger, open.Decide, open.Reason, ct));
}
