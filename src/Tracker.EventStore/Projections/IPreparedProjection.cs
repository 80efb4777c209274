using Npgsql;

namespace Tracker.EventStore;

/// <summary>
/// An async projection whose batch can often be folded without the database (when it remembers every state the batch
/// needs), so a rebuild folds the next batch while the last one is still being written: the app's CPU and the
/// server's then work side by side rather than by turns.
/// </summary>
public interface IPreparedProjection : IAsyncProjection
{
    /// <summary>
    /// The batch folded and ready to write, as <see cref="IAsyncProjection.Apply"/> would write it; null when it needs to
    /// read the database first. It may run before the previous batch has committed, and must then hold no state of its
    /// own that the previous batch failing would make wrong (a later batch starting elsewhere must find it stale).
    /// </summary>
    IProjectionWrite? TryPrepare(ProjectionBatch batch);
}

/// <summary>A folded batch's writes, run inside the transaction that also advances the checkpoint.</summary>
public interface IProjectionWrite
{
    Task Write(NpgsqlConnection conn, CancellationToken ct);
}
