using Tracker.EventStore;
using Tracker.Verdicts;

namespace Tracker.Publishing;

/// <summary>
/// A claim's public review changed: a verdict was approved (published, or published as a correction) or voided. Sent
/// through Wolverine's outbox in the transaction that appended the event, so it is delivered exactly when the change
/// is committed, and never lost with the process.
/// </summary>
public sealed record ClaimReviewChanged(string Newsroom, Guid ClaimId, Guid VerdictId, Guid EventId, bool Voided);

public static class ReviewChanges
{
    /// <summary>The messages an append owes the publishing webhook: one per approval or voiding it holds.</summary>
    public static IReadOnlyList<ClaimReviewChanged> In(string newsroom, IReadOnlyList<AppendResult> results) =>
        results.SelectMany(r => r.Events).Select(e => e.Data switch
        {
            VerdictApproved a => new ClaimReviewChanged(newsroom, e.StreamId, a.VerdictId, e.Id, Voided: false),
            VerdictVoided v => new ClaimReviewChanged(newsroom, e.StreamId, v.VerdictId, e.Id, Voided: true),
            _ => null,
        }).OfType<ClaimReviewChanged>().ToList();
}
