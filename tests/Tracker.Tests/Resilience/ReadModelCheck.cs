using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Tracker.EventStore;

namespace Tracker.Tests.Resilience;

/// <summary>Read models compared with what the events say: async ones against a rebuild, inline snapshots against a fold.</summary>
public static class ReadModelCheck
{
    /// <summary>Every table of the store's schema but the checkpoints (whose timestamps move), each as its rows in a stable order.</summary>
    public static async Task<Dictionary<string, string>> Tables(NpgsqlDataSource db)
    {
        var names = new List<string>();
        await using (var list = db.CreateCommand(
            "select table_name from information_schema.tables where table_schema = 'tracker' and table_type = 'BASE TABLE' and table_name <> 'projection_progress'"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));

        var tables = new Dictionary<string, string>();
        foreach (var name in names)
        {
            await using var rows = db.CreateCommand($"select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from tracker.\"{name}\" t");
            tables[name] = (string)(await rows.ExecuteScalarAsync())!;
        }
        return tables;
    }

    /// <summary>Clears every async projection and replays it from the first event, as a rebuild does.</summary>
    public static async Task Rebuild(PostgresEventStore store)
    {
        foreach (var projection in store.Options.AsyncProjections)
        {
            var runner = new ProjectionRunner(store, projection);
            await runner.Reset();
            await runner.CatchUp();
        }
    }

    /// <summary>Each inline snapshot document equals the fold of its stream, at the same version.</summary>
    public static async Task SnapshotsShouldEqualFolds<T>(PostgresEventStore store, SnapshotProjection<T> snapshots) where T : IEvolvingState<T>
    {
        await using var cmd = store.DataSource.CreateCommand($"select tenant_id, id, version, data::text from {snapshots.Table}");
        var docs = new List<(string Tenant, Guid Id, int Version, string Data)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) docs.Add((reader.GetString(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetString(3)));
        docs.ShouldNotBeEmpty(snapshots.Table);
        foreach (var doc in docs)
        {
            var folded = (await store.AggregateStream<T>(doc.Tenant, doc.Id)).ShouldNotBeNull();
            folded.Version.ShouldBe(doc.Version, $"{snapshots.Table} {doc.Id}");
            JsonNode.DeepEquals(JsonNode.Parse(doc.Data), JsonSerializer.SerializeToNode(folded.State, StoreJson.Options))
                .ShouldBeTrue($"{snapshots.Table} {doc.Id}: stored {doc.Data}, folded {JsonSerializer.Serialize(folded.State, StoreJson.Options)}");
        }
    }
}
