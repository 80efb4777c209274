namespace Tracker.EventStore;

/// <summary>The stream moved on since the writer read it. The one exception type for every append conflict.</summary>
public sealed class ConcurrencyException(string tenant, Guid streamId, ExpectedVersion expected, int? actual)
    : Exception($"Stream {streamId} in '{tenant}' is at version {actual?.ToString() ?? "unknown"}, expected {expected}.")
{
    public string Tenant { get; } = tenant;
    public Guid StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public int? ActualVersion { get; } = actual;
}

public sealed class StreamArchivedException(string tenant, Guid streamId)
    : Exception($"Stream {streamId} in '{tenant}' is archived and takes no more events.")
{
    public Guid StreamId { get; } = streamId;
}
