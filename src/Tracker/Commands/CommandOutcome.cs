using Tracker.EventStore;
using Tracker.Store;

namespace Tracker.Commands;

/// <summary>What became of a command: appended, refused by a rule, aimed at nothing, or written against a stale version.</summary>
public abstract record CommandOutcome
{
    public sealed record Appended(IReadOnlyList<AppendResult> Results) : CommandOutcome;
    public sealed record Rejected(Rejection Rejection) : CommandOutcome;
    public sealed record Stale(int ExpectedVersion, int ActualVersion) : CommandOutcome;
}

/// <summary>
/// Who writes, against which version, under which retry key: the same for the API, the workbench, the CLI and the demo loader.
/// </summary>
public sealed record CommandContext(Actor By, int? IfMatch = null, string? IdempotencyKey = null, Guid? CorrelationId = null,
    Ledger.AlsoWrite? Also = null)
{
    public EventMetadata Metadata(string? reason) =>
        new(By.Label, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), CorrelationId, null, IdempotencyKey);
}
