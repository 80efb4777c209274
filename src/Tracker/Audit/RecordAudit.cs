using Tracker.Audit.Checkpoints;
using Tracker.Store;

namespace Tracker.Audit;

/// <summary>
/// The answer of GET /api/audit/verify: every chain re-hashed and the record compared with every signed checkpoint.
/// <see cref="Root"/> and <see cref="Heads"/> are where the record stands now, for an auditor to keep and compare later.
/// </summary>
public sealed record AuditReport(long Streams, long Events, bool Ok, IReadOnlyList<AuditFailure> Failures, CheckpointSummary? Checkpoint,
    int Checkpoints, string Root, IReadOnlyList<StreamHead> Heads);

/// <summary>Verification of one newsroom's record, as the API, the verify page and `tracker verify` report it.</summary>
public sealed class RecordAudit(Ledger ledger, CheckpointAudit checkpoints)
{
    public async Task<AuditReport> Verify(string newsroom, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var chains = await ledger.Verify(newsroom, progress, ct);
        var against = await checkpoints.Check(newsroom, ct);
        List<AuditFailure> failures =
            [.. chains.Failures.Select(f => new AuditFailure("chain", f.StreamId, f.Version, null, f.Problem)), .. against.Failures];
        return new AuditReport(chains.Streams, chains.Events, failures.Count == 0, failures, against.Latest, against.Checkpoints, against.Root, against.Now.Heads);
    }
}
