using JasperFx.Events;
using Marten;
using Npgsql;
using Tracker.EventStore;

namespace Tracker.Store;

/// <summary>
/// A read model of plain tables that Marten's async daemon keeps: it reads what earlier batches committed and queues
/// its writes on the daemon's batch, so they commit with the daemon's progress or not at all.
/// </summary>
public interface ISqlProjection
{
    /// <summary>Stable name: Marten's progress row and `tracker rebuild NAME` use it.</summary>
    string Name { get; }

    /// <summary>Emptied before a rebuild replays every event into them.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Statements that create (or bring up to date) the tables, run at start-up.</summary>
    IEnumerable<string> Schema();

    Task Apply(SqlProjectionBatch batch, CancellationToken ct);
}

/// <param name="Reads">A connection of its own: the daemon applies batches one at a time, so it sees every earlier batch.</param>
public sealed record SqlProjectionBatch(IReadOnlyList<StoredEvent> Events, NpgsqlConnection Reads, IDocumentOperations Writes)
{
    /// <summary>A write in the daemon's transaction; '?' marks each value in turn.</summary>
    public void Queue(string sql, params object?[] values) => Writes.QueueSqlCommand(sql, values!);
}

/// <summary>Runs an <see cref="ISqlProjection"/> as a Marten projection, in each database the daemon runs it for.</summary>
public sealed class MartenSqlProjection(ISqlProjection projection) : Marten.Events.Projections.IProjection
{
    public ISqlProjection Projection => projection;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        // The batch's own database: a newsroom placed in a database of its own has its read models there.
        await using var reads = await ((Weasel.Postgresql.PostgresqlDatabase)operations.Database).DataSource.OpenConnectionAsync(cancellation);
        await projection.Apply(new SqlProjectionBatch(events.Select(EventEnvelope.From).ToList(), reads, operations), cancellation);
    }
}
