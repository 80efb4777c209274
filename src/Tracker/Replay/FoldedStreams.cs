using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Replay;

/// <summary>
/// Stream states an async projection folds for itself, kept in its own table and written in its own
/// checkpoint transaction. Reading the inline documents instead could see state ahead of the events
/// being applied, and a rebuild would then describe the past with the present.
/// </summary>
/// <remarks>
/// The states are also remembered between batches, so a running projection does not read back what it wrote a moment
/// ago. What is remembered is true at one checkpoint position (the states there are the same whoever folded them), so
/// it is used only for a batch that starts at that position; anything else (a batch that did not commit, a rebuild,
/// another node having run the projection) finds the positions differ and reads from the table.
/// </remarks>
public sealed class FoldedStreams<T>(string table) where T : IEvolvingState<T>
{
    /// <summary>About how many streams' states are remembered: the recently used ones, within two generations of this size.</summary>
    private const int Generation = 5_000;

    private readonly Lock gate = new();
    private Dictionary<(string, Guid), (T State, int Version)> recent = [];
    private Dictionary<(string, Guid), (T State, int Version)> older = [];
    private ProjectionPosition? rememberedAt;
    private (Dictionary<(string, Guid), (T State, int Version)> States, ProjectionPosition From, ProjectionPosition To)? pending;

    public string Table { get; } = $"{TrackerStore.Schema}.{table}";

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.Execute($"""
            create table if not exists {Table} (
                tenant_id text not null,
                id uuid not null,
                version int not null,
                state jsonb not null,
                primary key (tenant_id, id))
            """, ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.Execute($"truncate {Table}", ct);
    }

    /// <summary>
    /// The states of these streams as folded up to where <paramref name="events"/> starts: remembered when that is where
    /// the last batch ended and committed, else read. A stream not seen yet starts from its initial state.
    /// </summary>
    public async Task<Batch> Load(NpgsqlConnection conn, ProjectionBatch events, IEnumerable<(string Tenant, Guid Id)> keys, CancellationToken ct)
    {
        var (batch, missing) = Remembered(events, keys);
        if (missing.Count == 0) return batch;
        await using var cmd = new NpgsqlCommand(
            $"select t.tenant_id, t.id, t.version, t.state::text from {Table} t " +
            "join unnest($1::text[], $2::uuid[]) as k(tenant_id, id) on k.tenant_id = t.tenant_id and k.id = t.id", conn);
        cmd.Column(missing.Select(k => k.Tenant));
        cmd.Column(missing.Select(k => k.Id));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            batch.States[(reader.GetString(0), reader.GetGuid(1))] =
                (JsonSerializer.Deserialize<T>(reader.GetString(3), StoreJson.Options)!, reader.GetInt32(2));
        return batch;
    }

    /// <summary>As <see cref="Load"/>, from memory only: null when a state would have to be read.</summary>
    public Batch? Recall(ProjectionBatch events, IEnumerable<(string Tenant, Guid Id)> keys)
    {
        var (batch, missing) = Remembered(events, keys);
        return missing.Count == 0 ? batch : null;
    }

    private (Batch Batch, List<(string Tenant, Guid Id)> Missing) Remembered(ProjectionBatch events, IEnumerable<(string Tenant, Guid Id)> keys)
    {
        var batch = new Batch(this, events);
        var missing = new List<(string Tenant, Guid Id)>();
        // A stream whose first event is in this batch had nothing to fold before it: a new claim needs no read.
        var begun = events.Events.Where(e => e.Version == 1).Select(e => (e.Tenant, e.StreamId)).ToHashSet();
        lock (gate)
        {
            Settle(events.From);
            foreach (var key in keys.Distinct())
            {
                if (Recall(key) is { } known) batch.States[key] = known;
                else if (!begun.Contains(key)) missing.Add(key);
            }
        }
        return (batch, missing);
    }

    /// <summary>
    /// Brings what is remembered to <paramref name="from"/>: the last batch's states join it when that batch started where
    /// it stands and ended at <paramref name="from"/> (so it committed), and it is forgotten when it stands anywhere else.
    /// States the last batch did not hold did not move in it, so they hold at its end as at its start.
    /// </summary>
    private void Settle(ProjectionPosition from)
    {
        if (pending is { } last && last.From == rememberedAt && last.To == from)
        {
            foreach (var (key, state) in last.States) Remember(key, state);
            rememberedAt = from;
        }
        pending = null;
        if (rememberedAt != from)
        {
            (recent, older) = ([], []);
            rememberedAt = from;
        }
    }

    private (T State, int Version)? Recall((string, Guid) key)
    {
        if (recent.TryGetValue(key, out var state)) return state;
        if (!older.TryGetValue(key, out state)) return null;
        Remember(key, state);
        return state;
    }

    private void Remember((string, Guid) key, (T State, int Version) state)
    {
        if (recent.Count >= Generation && !recent.ContainsKey(key)) (older, recent) = (recent, []);
        recent[key] = state;
    }

    /// <summary>The states one batch of events reads and moves forward; <see cref="Save"/> writes back those it moved.</summary>
    public sealed class Batch(FoldedStreams<T> owner, ProjectionBatch events)
    {
        internal Dictionary<(string Tenant, Guid Id), (T State, int Version)> States { get; } = [];
        private readonly HashSet<(string, Guid)> moved = [];
        private bool offered;

        public T this[string tenant, Guid id] => States.TryGetValue((tenant, id), out var s) ? s.State : T.Initial;

        /// <summary>Folds one event into its stream's state and returns the new state.</summary>
        public T Evolve(StoredEvent e)
        {
            var state = T.Evolve(this[e.Tenant, e.StreamId], e);
            States[(e.Tenant, e.StreamId)] = (state, e.Version);
            moved.Add((e.Tenant, e.StreamId));
            return state;
        }

        /// <summary>
        /// Offers every state of the batch to be remembered, once a batch starting where this one ends shows it committed.
        /// A projection that folds ahead offers them as soon as it has folded, so the next batch can be folded from them
        /// while this one is still being written.
        /// </summary>
        public void Offer()
        {
            lock (owner.gate) owner.pending = (new(States), events.From, events.To);
            offered = true;
        }

        /// <summary>Writes the moved states, and offers them to be remembered if that was not done already.</summary>
        public async Task Save(NpgsqlConnection conn, CancellationToken ct)
        {
            if (moved.Count > 0)
            {
                var rows = moved.Select(k => (Key: k, Value: States[k])).ToList();
                await using var cmd = new NpgsqlCommand(
                    $"insert into {owner.Table} (tenant_id, id, version, state) select * from unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[]) " +
                    "on conflict (tenant_id, id) do update set version = excluded.version, state = excluded.state", conn);
                cmd.Column(rows.Select(r => r.Key.Item1));
                cmd.Column(rows.Select(r => r.Key.Item2));
                cmd.Column(rows.Select(r => r.Value.Version));
                cmd.Column(rows.Select(r => JsonSerializer.Serialize(r.Value.State, StoreJson.Options)), NpgsqlDbType.Jsonb);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            if (!offered) Offer();
        }
    }
}
