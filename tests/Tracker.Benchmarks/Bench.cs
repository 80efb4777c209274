using Npgsql;
using Tracker.EventStore;
using Tracker.EventStore.Embedded;
using Tracker.Hosting;

namespace Tracker.Benchmarks;

/// <summary>A payload the size of a typical claim event, on a stream type no inline projection handles.</summary>
public sealed record BenchNote(string Text, string Quote);

/// <summary>
/// The database every figure runs on: the embedded cluster in a temp folder (ordinary durability
/// settings, as an installation runs), or the server named by ConnectionStrings__Tracker.
/// Holds Tracker's own store configuration plus a raw table shaped like tracker.events for the limits.
/// </summary>
public sealed class Bench : IAsyncDisposable
{
    public const string Tenant = "bench";
    private EmbeddedPostgres? cluster;
    private string? folder;

    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public PostgresEventStore Store { get; private set; } = null!;
    public EventStoreOptions Options { get; private set; } = null!;

    public static async Task<Bench> Start()
    {
        var bench = new Bench();
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Tracker");
        if (string.IsNullOrWhiteSpace(configured))
        {
            bench.folder = Directory.CreateTempSubdirectory("tracker-bench-").FullName;
            bench.cluster = await EmbeddedPostgres.StartAsync(Path.Combine(bench.folder, "postgres"));
            configured = bench.cluster.ConnectionString;
        }
        bench.ConnectionString = new NpgsqlConnectionStringBuilder(configured) { MaxPoolSize = 64 }.ConnectionString;
        bench.DataSource = TrackerStore.DataSource(bench.ConnectionString);
        bench.Options = TrackerStore.Options();
        bench.Options.Types.Register<BenchNote>("bench_note");
        bench.Options.AsyncProjections.Add(new Figures.LagProbe());
        bench.Store = new PostgresEventStore(bench.DataSource, bench.Options, TimeProvider.System);
        await bench.Store.Migrate();
        await bench.Execute("create schema if not exists bench; drop table if exists bench.raw_events; " +
            $"create table bench.raw_events (like {TrackerStore.Schema}.events including all)");
        return bench;
    }

    public static BenchNote Note(long i) => new($"APP leaders met State Department officials three times since April ({i})",
        "We have met with them three times, Rath told the Financial Times.");

    public async Task Execute(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> Count(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        if (folder is not null) try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
