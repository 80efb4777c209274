using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.EventStore.Embedded;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Benchmarks;

/// <summary>
/// The database every figure runs on: the embedded cluster in a temp folder (ordinary durability settings, as an
/// installation runs), or the server named by ConnectionStrings__Tracker. Beside Tracker's own schema (migrated by the
/// app at its start) it holds a raw table shaped like Marten's mt_events for the PostgreSQL limits, and a "plain"
/// schema where Marten is used as its documentation shows, without our hash chain or rules, for the middle column.
/// </summary>
public sealed class Bench : IAsyncDisposable
{
    public const string Tenant = "bench";
    public const string PlainSchema = "plain";
    private EmbeddedPostgres? cluster;
    private string? folder;

    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public EventTypeRegistry Types { get; } = TrackerStore.EventTypes();

    /// <summary>Plain Marten: same append mode, tenancy, serializer and the same claim fold as inline snapshot; no hash chain, no async projections of ours.</summary>
    public DocumentStore Plain { get; private set; } = null!;

    /// <summary>Plain Marten's event graph, to build StreamActions for its bulk insert.</summary>
    public IEventRegistry PlainEvents => (IEventRegistry)Plain.Options.Events;

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

    /// <summary>After the app has migrated Tracker's schema: the raw table and the plain Marten store.</summary>
    public async Task Prepare()
    {
        await Execute("create schema if not exists bench; drop table if exists bench.raw_events; " +
            "create table bench.raw_events (seq_id bigserial primary key, id uuid not null, stream_id uuid not null, version bigint not null, " +
            "data jsonb not null, type varchar not null, \"timestamp\" timestamptz not null, tenant_id varchar not null, mt_dotnet_type varchar, " +
            "headers jsonb, correlation_id varchar, causation_id varchar, is_archived bool default false, unique (tenant_id, stream_id, version))");
        var opts = new StoreOptions();
        // Configured as ours is (tenancy, Guid streams, Quick appends, metadata, serializer, aliases), minus our layer.
        TrackerStore.ConfigureEvents(opts, DataSource, PlainSchema, Types);
        // The same fold as ours, so the plain column pays for the same inline snapshot.
        opts.Projections.Add(new SnapshotProjection<Claim>("claim_snapshot", ClaimEventTypes()), ProjectionLifecycle.Inline);
        opts.Schema.For<Aggregate<Claim>>().DocumentAlias("claim");
        opts.Projections.Add(new PlainTimeline(), ProjectionLifecycle.Async, PlainTimeline.ProjectionName);
        opts.AutoCreateSchemaObjects = AutoCreate.All;
        opts.Projections.AsyncMode = DaemonMode.Solo;
        Plain = new DocumentStore(opts);
        await Plain.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    private static IEnumerable<Type> ClaimEventTypes()
    {
        var registry = new EventTypeRegistry();
        Tracker.Claims.ClaimEventTypes.Register(registry);
        Tracker.Verdicts.VerdictEventTypes.Register(registry);
        return registry.All.Select(t => t.Type);
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
        Plain?.Dispose();
        await DataSource.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        if (folder is not null) try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A payload the size of a typical claim event.</summary>
public sealed record BenchNote(string Text, string Quote);

/// <summary>
/// Plain Marten's counterpart of the story timeline: an async projection that writes one row per claim event through
/// Marten's own operations (a document per event), so a rebuild reads, deserialises and writes as ours does.
/// </summary>
public sealed class PlainTimeline : Marten.Events.Projections.IProjection
{
    public const string ProjectionName = "plain_timeline";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
            if (e.Data is ClaimTextCorrected or ClaimLogged)
                operations.Store(new PlainTimelineRow { Id = e.Id, StreamId = e.StreamId, Version = e.Version, Type = e.EventTypeName, At = e.Timestamp });
        return Task.CompletedTask;
    }
}

public sealed class PlainTimelineRow
{
    public Guid Id { get; set; }
    public Guid StreamId { get; set; }
    public long Version { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
