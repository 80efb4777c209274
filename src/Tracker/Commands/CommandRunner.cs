using Tracker.Store;
using Tracker.EventStore;

namespace Tracker.Commands;

/// <summary>What became of a command: appended, refused by a rule, aimed at nothing, or written against a stale version.</summary>
public abstract record CommandOutcome
{
    public sealed record Appended(IReadOnlyList<AppendResult> Results) : CommandOutcome;
    public sealed record Rejected(Rejection Rejection) : CommandOutcome;
    public sealed record Stale(int ExpectedVersion, int ActualVersion) : CommandOutcome;
}

/// <summary>
/// Who writes, against which version, under which retry key: the same for the API, the CLI and the demo loader.
/// </summary>
public sealed record CommandContext(Actor By, int? IfMatch = null, string? IdempotencyKey = null, Guid? CorrelationId = null,
    Ledger.AlsoWrite? Also = null)
{
    public EventMetadata Metadata(string? reason) =>
        new(By.Label, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), CorrelationId, null, IdempotencyKey);
}

/// <summary>
/// The aggregate handler workflow, once for every command: fetch the stream for writing (its inline snapshot
/// and head, from Marten), call the pure decide function with state, actor and time, append its events from the head just read.
/// A concurrent writer in between makes it decide again on fresh state, unless the client pinned a
/// version with If-Match, in which case the client must look again (412).
/// </summary>
public sealed class CommandRunner(Ledger store)
{
    private const int Attempts = 3;

    public Ledger Store => store;

    /// <summary>A command that opens a new stream. The stream must not exist yet.</summary>
    public async Task<CommandOutcome> Start(CommandContext context, Guid streamId, string streamType, Func<DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default)
    {
        var decision = decide(Now());
        if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
        var append = new StreamAppend(streamId, streamType, ExpectedVersion.NoStream, decision.Events, context.Metadata(reason));
        return new CommandOutcome.Appended(await store.Append(context.By.Newsroom, [append], context.Also, ct));
    }

    /// <summary>A command on an existing stream of <typeparamref name="T"/>; null from the loader means 404.</summary>
    public Task<CommandOutcome?> Update<T>(CommandContext context, Guid streamId, string streamType, Func<T, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) where T : IEvolvingState<T> =>
        Run<T>(context, streamId, streamType, async () => (await store.FetchForWriting<T>(context.By.Newsroom, streamId, ct), decide), reason, ct);

    /// <summary>A command that also needs another stream's current state (an attribution's source), read in the same round trip.</summary>
    public Task<CommandOutcome?> Update<T, TOther>(CommandContext context, Guid streamId, string streamType, Guid otherId,
        Func<T, TOther?, DateTimeOffset, Decision> decide, string? reason = null, CancellationToken ct = default)
        where T : IEvolvingState<T> where TOther : IEvolvingState<TOther> =>
        Run<T>(context, streamId, streamType, async () =>
        {
            var (current, alongside) = await store.FetchForWriting<T, TOther>(context.By.Newsroom, streamId, otherId, ct);
            var otherState = alongside is null ? default : alongside.State;
            return (current, (state, now) => decide(state, otherState, now));
        }, reason, ct);

    /// <summary>
    /// Fetch for writing, decide, append from the head read. A concurrent writer in between makes it fetch and decide
    /// again, unless the client pinned a version with If-Match (412).
    /// </summary>
    private async Task<CommandOutcome?> Run<T>(CommandContext context, Guid streamId, string streamType,
        Func<Task<(Aggregate<T>? Current, Func<T, DateTimeOffset, Decision> Decide)>> fetch, string? reason, CancellationToken ct)
        where T : IEvolvingState<T>
    {
        var (by, ifMatch) = (context.By, context.IfMatch);
        for (var attempt = 1; ; attempt++)
        {
            var (current, decide) = await fetch();
            if (current is null) return null;
            if (ifMatch is { } pinned && pinned != current.Version) return new CommandOutcome.Stale(pinned, current.Version);

            var decision = decide(current.State, Now());
            if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
            var append = new StreamAppend(streamId, streamType, ExpectedVersion.Exactly(current.Version), decision.Events, context.Metadata(reason))
            {
                Head = current.Head,
            };
            try
            {
                return new CommandOutcome.Appended(await store.Append(by.Newsroom, [append], context.Also, ct));
            }
            catch (ConcurrencyException) when (ifMatch is null && attempt < Attempts)
            {
                // Someone wrote in between: decide again on what they wrote.
            }
            catch (ConcurrencyException e) when (ifMatch is not null)
            {
                return new CommandOutcome.Stale(ifMatch.Value, e.ActualVersion ?? -1);
            }
        }
    }

    /// <summary>Several streams in one transaction (a link is written to both claims), each from the head its state was read at.</summary>
    public async Task<CommandOutcome> Append(CommandContext context, IReadOnlyList<(Guid StreamId, string StreamType, KnownHead Head, IReadOnlyList<object> Events)> writes,
        string? reason = null, CancellationToken ct = default)
    {
        var metadata = context.Metadata(reason);
        var appends = writes.Select(w => new StreamAppend(w.StreamId, w.StreamType, ExpectedVersion.Exactly(w.Head.Version), w.Events, metadata) { Head = w.Head }).ToList();
        try
        {
            return new CommandOutcome.Appended(await store.Append(context.By.Newsroom, appends, context.Also, ct));
        }
        catch (ConcurrencyException e)
        {
            var write = writes.First(w => w.StreamId == e.StreamId);
            return new CommandOutcome.Stale(write.Head.Version, e.ActualVersion ?? -1);
        }
    }

    public DateTimeOffset Now() => store.Clock.GetUtcNow();
}
