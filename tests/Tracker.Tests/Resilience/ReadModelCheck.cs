using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Tests.Resilience;

/// <summary>Read models compared with what the events say: async ones against a rebuild, inline snapshots against a fold.</summary>
public static class ReadModelCheck
{
    /// <summary>Every table of the async read models, each as its rows in a stable order.</summary>
    public static async Task<Dictionary<string, string>> Tables(NpgsqlDataSource db)
    {
        var tables = new Dictionary<string, string>();
        foreach (var name in Features.AsyncProjections().SelectMany(p => p.Tables))
        {
            await using var rows = db.CreateCommand($"select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from {name} t");
            tables[name] = (string)(await rows.ExecuteScalarAsync())!;
        }
        return tables;
    }

    /// <summary>A Marten store configured as the app's, on this database, with the ledger over it.</summary>
    public static (DocumentStore Store, Ledger Ledger) Open(NpgsqlDataSource db)
    {
        var types = TrackerStore.EventTypes();
        var projections = Features.AsyncProjections();
        var store = new DocumentStore(Configured(db, types, projections));
        return (store, new Ledger(store, db, types, TimeProvider.System, projections, []));
    }

    private static StoreOptions Configured(NpgsqlDataSource db, EventTypeRegistry types, IEnumerable<ISqlProjection> projections)
    {
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, db, types, projections);
        return opts;
    }

    /// <summary>Clears every async projection and replays it from the first event, as `tracker rebuild` does.</summary>
    public static async Task Rebuild(IDocumentStore store, Ledger ledger)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in Features.AsyncProjections())
            await Cli.RebuildVerb.Run(daemon, ledger, projection.Name);
    }

    /// <summary>Each inline snapshot document equals the fold of its stream, at the same version.</summary>
    public static async Task SnapshotsShouldEqualFolds<T>(Ledger ledger, NpgsqlDataSource db) where T : IEvolvingState<T>
    {
        var newsrooms = new List<string>();
        await using (var cmd = db.CreateCommand($"select slug from {TrackerStore.Schema}.newsrooms"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) newsrooms.Add(reader.GetString(0));
        var checkedAny = false;
        foreach (var newsroom in newsrooms)
        {
            foreach (var doc in await ledger.All<T>(newsroom))
            {
                checkedAny = true;
                var folded = (await ledger.AggregateStream<T>(newsroom, doc.Id)).ShouldNotBeNull();
                folded.Version.ShouldBe(doc.Version, $"{typeof(T).Name} {doc.Id}");
                folded.LastHash.ShouldBe(doc.LastHash, $"{typeof(T).Name} {doc.Id}");
                var stored = JsonSerializer.SerializeToNode(doc.State, StoreJson.Options);
                JsonNode.DeepEquals(stored, JsonSerializer.SerializeToNode(folded.State, StoreJson.Options))
                    .ShouldBeTrue($"{typeof(T).Name} {doc.Id}: stored {stored}, folded {JsonSerializer.Serialize(folded.State, StoreJson.Options)}");
            }
        }
        checkedAny.ShouldBeTrue($"no {typeof(T).Name} snapshots to check");
    }
}
