using Tracker.Commands;

namespace Tracker;

/// <summary>
/// The world's clock (publishedAt, capturedAt, claimedAt) may be set back to when something happened,
/// but never ahead of the audit clock.
/// </summary>
public static class WorldTime
{
    public static Rejection? NotInFuture(string field, DateTimeOffset? value, DateTimeOffset now) =>
        value > now ? new(RejectionKind.BrokenRule, field, "in_future", $"{field} must not be in the future.") : null;
}
