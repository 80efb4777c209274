using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.EventStore.Embedded;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Stories;

namespace Tracker.Benchmarks;

/// <summary>
/// The database every figure runs on: the embedded cluster in a temp folder (ordinary durability settings, as an
/// installation runs), or the server named by ConnectionStrings__Tracker. Holds the app's ledger (Marten with our
/// hash chain), a plain Marten store on a schema of its own (events only: no hash, no projections), and a raw table
/// shaped like Marten's event table for the limits.
/// </summary>
public sealed class Bench : IAsyncDisposable
{
    public const string Tenant = "bench";
    public const string PlainSchema = "bench_marten";
    private EmbeddedPostgres? cluster;
    private string? folder;

    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's ledger, once the app has started on this database (and migrated it).</summary>
    public Ledger Store { get; private set; } = null!;

    /// <summary>Marten as it comes: the same append mode and tenancy as ours, without our hash chain or projections.</summary>
    public DocumentStore Plain { get; private set; } = null!;

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
        return bench;
    }

    /// <summary>After the app has migrated the database: the ledger, the plain Marten store, the raw table.</summary>
    public async Task Attach(BenchApp app)
    {
        Store = app.Services.GetRequiredService<Ledger>();
        var opts = new StoreOptions();
        opts.Connection(DataSource);
        opts.DatabaseSchemaName = PlainSchema;
        opts.Events.DatabaseSchemaName = PlainSchema;
        opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        opts.Events.StreamIdentity = JasperFx.Events.StreamIdentity.AsGuid;
        opts.Events.AppendMode = JasperFx.Events.EventAppendMode.QuickWithServerTimestamps;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.UseSystemTextJsonForSerialization();
        opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.All;
        Plain = new DocumentStore(opts);
        await Plain.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await Execute("create schema if not exists bench; drop table if exists bench.raw_events; " +
            "create table bench.raw_events (seq_id bigserial primary key, id uuid not null, tenant_id varchar not null, stream_id uuid not null, " +
            "version bigint not null, type varchar not null, data jsonb not null, headers jsonb, \"timestamp\" timestamptz not null, " +
            "unique (tenant_id, stream_id, version))");
    }

    /// <summary>A story event the size of a typical claim event.</summary>
    public static StoryRetitled Note(long i) => new($"APP leaders met State Department officials three times since April ({i})");

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
        Plain?.Dispose();
        await DataSource.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        if (folder is not null) try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
