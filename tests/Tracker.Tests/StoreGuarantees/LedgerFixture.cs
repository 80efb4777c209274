using Marten;
using Npgsql;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Testing;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// A fresh database per test class, with Marten configured exactly as the app configures it (TrackerStore.Configure)
/// and migrated as the app migrates at start-up (TrackerStore.Prepare), and the ledger over it.
/// </summary>
public class LedgerFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public Ledger Ledger { get; private set; } = null!;

    /// <summary>The async read models the store runs; a fixture may add a counting one.</summary>
    protected virtual IReadOnlyList<ISqlProjection> Projections => Features.AsyncProjections();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabase(GetType().Name);
        DataSource = TrackerStore.DataSource(ConnectionString);
        Store = OpenStore(DataSource);
        Ledger = LedgerOn(Store);
        await Migrate(Store);
    }

    /// <summary>Another store configured as the app's, as a restarted app would build it.</summary>
    public DocumentStore OpenStore(NpgsqlDataSource? dataSource = null, Action<StoreOptions>? also = null)
    {
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, dataSource ?? DataSource, TrackerStore.EventTypes(), Projections);
        also?.Invoke(opts);
        return new DocumentStore(opts);
    }

    /// <summary>The ledger over a store, with a clock of the test's choosing.</summary>
    public Ledger LedgerOn(IDocumentStore store, TimeProvider? clock = null) =>
        new(store, DataSource, TrackerStore.EventTypes(), clock ?? TimeProvider.System, Projections, []);

    /// <summary>What TrackerStore.Prepare does at start-up: Marten's schema with the guard, then Tracker's own tables.</summary>
    public async Task Migrate(IDocumentStore store)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        foreach (var ddl in Features.OwnTables(Projections)) await Execute(ddl);
    }

    public async Task Execute(string sql, params object[] values)
    {
        await using var cmd = Command(sql, values);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> Scalar(string sql, params object[] values)
    {
        await using var cmd = Command(sql, values);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>The highest sequence number committed so far.</summary>
    public Task<long> HighestCommitted() => Scalar("select coalesce(max(seq_id), 0) from tracker.mt_events");

    /// <summary>A stream's rows as Marten stored them, tombstones aside.</summary>
    public Task<long> EventRows(string newsroom, Guid stream) =>
        Scalar("select count(*) from tracker.mt_events where tenant_id = $1 and stream_id = $2 and type <> 'tombstone'", newsroom, stream);

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var cmd = DataSource.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return cmd;
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await DataSource.DisposeAsync();
    }
}
