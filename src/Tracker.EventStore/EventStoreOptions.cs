namespace Tracker.EventStore;

public sealed class EventStoreOptions
{
    /// <summary>PostgreSQL schema holding the store's tables. A plain lowercase identifier.</summary>
    public string Schema { get; init; } = "tracker";

    public EventTypeRegistry Types { get; init; } = new();

    /// <summary>Read models updated in the append transaction.</summary>
    public List<IInlineProjection> InlineProjections { get; } = [];

    /// <summary>Read models the daemon keeps up to date after commit.</summary>
    public List<IAsyncProjection> AsyncProjections { get; } = [];

    internal string Q(string table) => $"{Schema}.{table}";
}
