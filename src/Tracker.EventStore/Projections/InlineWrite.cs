using Npgsql;

namespace Tracker.EventStore;

/// <summary>
/// One append's batch as the inline projections see it: statements they add run in the same round trip and
/// transaction as the events. States the writer already decided on are offered so a snapshot need not be read.
/// </summary>
public sealed class InlineWrite
{
    private readonly NpgsqlBatch batch;
    private readonly IReadOnlyDictionary<Guid, KnownHead> known;
    private readonly Dictionary<Guid, object> folded = [];

    internal InlineWrite(PostgresEventStore store, NpgsqlConnection connection, NpgsqlBatch batch, IReadOnlyDictionary<Guid, KnownHead> known)
    {
        Store = store;
        Connection = connection;
        this.batch = batch;
        this.known = known;
    }

    public PostgresEventStore Store { get; }

    /// <summary>For reads before the batch. On the fast path no lock is held yet; the batch fails whole if the stream moved.</summary>
    public NpgsqlConnection Connection { get; }

    public void Add(string sql, params object[] values) => batch.BatchCommands.Add(PostgresEventStore.Command(sql, values));

    public void Add(NpgsqlBatchCommand command) => batch.BatchCommands.Add(command);

    /// <summary>The state the writer read the stream at, when it was at <paramref name="version"/>.</summary>
    public object? KnownState(Guid streamId, int version) =>
        known.TryGetValue(streamId, out var head) && head.Version == version ? head.State : null;

    /// <summary>Hands the state a snapshot now holds back to the writer, for its next append.</summary>
    public void Folded(Guid streamId, object state) => folded[streamId] = state;

    internal object? FoldedState(Guid streamId) => folded.GetValueOrDefault(streamId);
}

/// <summary>
/// What the writer read before deciding: the stream's version, its last hash and optionally its folded state.
/// Given with an exact expected version, it lets the append skip locking and reading the head: one round trip.
/// </summary>
public sealed record KnownHead(int Version, string LastHash, object? State = null);
