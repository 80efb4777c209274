using Npgsql;
using Tracker.Testing;

namespace Tracker.EventStore.Tests.Store;

/// <summary>A fresh database per test class, and a migrated store on it with the test event types.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabase("store");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <param name="dataSource">Another source on the same database (other session settings); the fixture's by default.</param>
    public async Task<PostgresEventStore> Store(TimeProvider? clock = null, Action<EventStoreOptions>? configure = null, string schema = "tracker",
        NpgsqlDataSource? dataSource = null)
    {
        var options = new EventStoreOptions { Schema = schema };
        options.Types.Register<NoteTaken>("note_taken").Register<NoteAmended>("note_amended");
        configure?.Invoke(options);
        var store = new PostgresEventStore(dataSource ?? DataSource, options, clock ?? TimeProvider.System);
        await store.Migrate();
        return store;
    }

    public async Task<long> Scalar(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<List<T>> Column<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
