using System.Text.Json;
using Npgsql;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Replay;

/// <summary>
/// Stream states an async projection folds for itself, kept in its own table and written in the daemon's batch.
/// Reading the inline snapshots instead could see state ahead of the events being applied, and a rebuild would then
/// describe the past with the present.
/// </summary>
public sealed class FoldedStreams<T>(string table) where T : IEvolvingState<T>
{
    public string Table { get; } = $"{TrackerStore.Schema}.{table}";

    public string Schema() => $"""
        create table if not exists {Table} (
            tenant_id text not null,
            id uuid not null,
            version int not null,
            state jsonb not null,
            primary key (tenant_id, id))
        """;

    /// <summary>The states of these streams as the batches before this one left them. A stream not seen yet starts from its initial state.</summary>
    public async Task<Batch> Load(SqlProjectionBatch events, IEnumerable<(string Tenant, Guid Id)> keys, CancellationToken ct)
    {
        var batch = new Batch(this);
        // A stream whose first event is in this batch had nothing to fold before it: a new claim needs no read.
        var begun = events.Events.Where(e => e.Version == 1).Select(e => (e.Tenant, e.StreamId)).ToHashSet();
        var missing = keys.Distinct().Where(k => !begun.Contains(k)).ToList();
        if (missing.Count == 0) return batch;
        await using var cmd = new NpgsqlCommand(
            $"select t.tenant_id, t.id, t.version, t.state::text from {Table} t " +
            "join unnest($1::text[], $2::uuid[]) as k(tenant_id, id) on k.tenant_id = t.tenant_id and k.id = t.id", events.Reads);
        cmd.Column(missing.Select(k => k.Tenant));
        cmd.Column(missing.Select(k => k.Id));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            batch.States[(reader.GetString(0), reader.GetGuid(1))] =
                (JsonSerializer.Deserialize<T>(reader.GetString(3), StoreJson.Options)!, reader.GetInt32(2));
        return batch;
    }

    /// <summary>The states one batch of events reads and moves forward; <see cref="Save"/> queues those it moved.</summary>
    public sealed class Batch(FoldedStreams<T> owner)
    {
        internal Dictionary<(string Tenant, Guid Id), (T State, int Version)> States { get; } = [];
        private readonly HashSet<(string, Guid)> moved = [];

        public T this[string tenant, Guid id] => States.TryGetValue((tenant, id), out var s) ? s.State : T.Initial;

        /// <summary>
        /// Folds one event into its stream's state and returns the new state. An event the state already holds (the
        /// daemon delivers at least once: a batch that committed may come again after a crash) is not folded twice.
        /// </summary>
        public T Evolve(StoredEvent e)
        {
            if (States.TryGetValue((e.Tenant, e.StreamId), out var known) && known.Version >= e.Version) return known.State;
            var state = T.Evolve(this[e.Tenant, e.StreamId], e);
            States[(e.Tenant, e.StreamId)] = (state, e.Version);
            moved.Add((e.Tenant, e.StreamId));
            return state;
        }

        /// <summary>Queues the moved states on the daemon's batch.</summary>
        public void Save(SqlProjectionBatch batch)
        {
            if (moved.Count == 0) return;
            var rows = moved.Select(k => (Key: k, Value: States[k])).ToList();
            batch.Queue(
                $"insert into {owner.Table} (tenant_id, id, version, state) select * from unnest(?::text[], ?::uuid[], ?::int[], ?::jsonb[]) " +
                "on conflict (tenant_id, id) do update set version = excluded.version, state = excluded.state",
                rows.Select(r => r.Key.Item1).ToArray(), rows.Select(r => r.Key.Item2).ToArray(), rows.Select(r => r.Value.Version).ToArray(),
                rows.Select(r => JsonSerializer.Serialize(r.Value.State, StoreJson.Options)).ToArray());
        }
    }
}
