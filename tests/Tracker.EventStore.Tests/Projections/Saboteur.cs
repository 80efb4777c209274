using Npgsql;

namespace Tracker.EventStore.Tests.Projections;

/// <summary>Makes some appends roll back and keeps others' transactions open for a while, as slow writers do.</summary>
public sealed class Saboteur : IInlineProjection
{
    public Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;

    public bool Handles(string streamType) => true;

    public Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        if (events.Any(e => e.Data is Store.NoteTaken { Text: var t } && t.StartsWith("rollback", StringComparison.Ordinal)))
            throw new InvalidOperationException("this append rolls back");
        if (events.Any(e => e.Data is Store.NoteTaken { Text: var t } && t.StartsWith("slow", StringComparison.Ordinal)))
            write.Add("select pg_sleep(2)");
        return Task.CompletedTask;
    }
}
