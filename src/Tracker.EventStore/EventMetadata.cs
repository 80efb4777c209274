namespace Tracker.EventStore;

/// <summary>Who did it and why: travels beside the payload and is covered by the hash.</summary>
public sealed record EventMetadata(
    string? Actor = null,
    string? Reason = null,
    Guid? CorrelationId = null,
    Guid? CausationId = null,
    string? IdempotencyKey = null)
{
    public static readonly EventMetadata None = new();
}
