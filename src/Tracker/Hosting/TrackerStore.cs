using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Tracker.Accounts;
using Tracker.EventStore;
using Tracker.Newsrooms.Placement;
using Tracker.Store;
using Weasel.Core;
using Wolverine.Marten;

namespace Tracker.Hosting;

/// <summary>
/// Marten as Tracker configures it: one schema, one tenant per newsroom (conjoined), Guid streams, Quick appends with
/// the timestamps the ledger hashed, stable event aliases, inline snapshots, async projections in Marten's daemon,
/// and the append-only guard. See docs/architecture.md for what each choice protects.
/// </summary>
public static class TrackerStore
{
    public const string Schema = "tracker";

    /// <summary>Every event type with its stable alias (docs/events.md); the same registry hashes payloads.</summary>
    public static EventTypeRegistry EventTypes()
    {
        var types = new EventTypeRegistry();
        Features.RegisterEvents(types);
        return types;
    }

    /// <summary>
    /// The data source every part of Tracker uses. Npgsql's automatic preparation is on: the store runs the same
    /// few statements on every append. A connection string that sets these itself keeps its own values.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) settings.MaxAutoPrepare = 64;
        if (!connectionString.Contains("Auto Prepare Min Usages", StringComparison.OrdinalIgnoreCase)) settings.AutoPrepareMinUsages = 2;
        return new NpgsqlDataSourceBuilder(settings.ConnectionString) { Name = "tracker" }.Build();
    }

    /// <param name="databases">With newsrooms placed in databases of their own, Marten's tenancy routes them there.</param>
    public static void Configure(StoreOptions opts, NpgsqlDataSource dataSource, EventTypeRegistry types, IEnumerable<ISqlProjection> projections,
        NewsroomDatabases? databases = null)
    {
        ConfigureEvents(opts, dataSource, Schema, types);
        if (databases is { PlacedNewsrooms.Count: > 0 }) opts.Tenancy = new NewsroomTenancy(opts, databases);
        Features.AddProjections(opts, projections);
        opts.Storage.Add(new AppendOnlyGuard(Schema, opts.Advanced.Migrator));
        // The app's role may not change the schema: migrations run once at start-up, as the owner (Prepare).
        opts.AutoCreateSchemaObjects = AutoCreate.None;
    }

    /// <summary>
    /// How events are stored, without Tracker's projections and guard: tenancy, stream identity, append mode, metadata,
    /// serializer and aliases. The benchmark's "plain Marten" store is configured by this too, so it differs from ours
    /// only in what our layer adds.
    /// </summary>
    public static void ConfigureEvents(StoreOptions opts, NpgsqlDataSource dataSource, string schema, EventTypeRegistry types)
    {
        opts.Connection(dataSource);
        opts.DatabaseSchemaName = schema;
        opts.Events.DatabaseSchemaName = schema;
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Quick appends with the client's timestamps: the time stored is the time hashed. Never Rich: with Rich, a commit
        // that stalled was skipped by the async daemon (architecture.md).
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.UseIdentityMapForAggregates = true;
        // Marten's default, said here because /health reads the skips it records (mt_high_water_skips, Ledger.SkippedGaps).
        opts.Events.EnableAdvancedAsyncTracking = true;
        // Each append's transaction also sends a NOTIFY that wakes the daemon's high-water agent at commit, instead of
        // leaving it to its next poll (250 ms when busy, 1 s when quiet); polling stays as the safety net. Appends that
        // bypass sessions (the import's COPY) are found by the poll as before. Lag p99 1 s -> 35 ms, for about a quarter of
        // the append rate under eight concurrent writers (notifying commits are serialised); docs/benchmarks.md.
        opts.Events.UseListenNotifyForEventAppends = true;
        // Payloads stored in the shape they are hashed in (camelCase, nulls left out, enums as snake_case strings).
        // Marten adds its own enum converter (PascalCase values); ours goes first so it wins.
        opts.UseSystemTextJsonForSerialization(StoreJson.Create(), EnumStorage.AsString, Casing.CamelCase,
            json => json.Converters.Insert(0, StoreJson.EnumConverter()));
        foreach (var (type, alias) in types.All) opts.Events.MapEventType(type, alias);
    }

    /// <summary>Database, Marten and the ledger; the data source comes from <see cref="DatabaseHost"/> once it has started.</summary>
    public static IServiceCollection AddTrackerStore(this IServiceCollection services)
    {
        // Wolverine's settings are taken when services are registered; the main data source is known only once started.
        MartenIntegration? wolverine = null;
        services.AddSingleton<DatabaseHost>();
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseHost>().DataSource);
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseHost>().Databases);
        services.AddSingleton(_ => EventTypes());
        // The async read models; a test may add its own the same way.
        foreach (var projection in Features.AsyncProjections()) services.AddSingleton<ISqlProjection>(projection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                var databases = sp.GetRequiredService<NewsroomDatabases>();
                Configure(opts, databases.Main, sp.GetRequiredService<EventTypeRegistry>(), sp.GetServices<ISqlProjection>(), databases);
                // Wolverine keeps one store per database, and needs the main one named when there are several.
                if (databases.PlacedNewsrooms.Count > 0) wolverine!.MasterDataSource = databases.Main;
                return opts;
            })
            .AddAsyncDaemon(DaemonMode.HotCold)
            // Wolverine's outbox commits in Marten's transactions; its tables are migrated by the owner (Messaging.Migrate).
            .IntegrateWithWolverine(w =>
            {
                wolverine = w;
                w.MessageStorageSchemaName = Messaging.Schema;
                w.AutoCreate = AutoCreate.None;
            });
        services.AddSingleton<Ledger>();
        services.AddSingleton<AccountDirectory>();
        return services;
    }

    /// <summary>
    /// Starts the database and, as the owner role, brings Marten's schema, the append-only guard and the app's own tables
    /// up to date, moves an old store's events in, then grants the app role what it serves with.
    /// </summary>
    public static async Task Prepare(IServiceProvider services, CancellationToken ct)
    {
        var database = services.GetRequiredService<DatabaseHost>();
        await database.Start(ct);
        // Marten leaves the daemon's LISTEN wake-up open when the daemon stops (nothing disposes it), so stopping the
        // embedded cluster ended its connection under it and a normal stop logged a warning with a stack trace (57P01).
        // It is closed once the host has stopped, before the cluster is. Marten keeps the last daemon's wake-up only: with
        // newsrooms placed in their own databases the others stay open, as before.
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(() =>
            ((Marten.DocumentStore)services.GetRequiredService<IDocumentStore>()).Options.Projections.Wakeup?.Dispose());
        var projections = services.GetServices<ISqlProjection>().ToList();
        await using var owner = DataSource(database.OwnerConnectionString);
        // Nodes starting together migrate one after another (grants and our own DDL race otherwise).
        await using var turn = await owner.OpenConnectionAsync(ct);
        await using (var wait = new NpgsqlCommand("select pg_advisory_lock(hashtext('tracker-migrate'))", turn)) await wait.ExecuteNonQueryAsync(ct);
        using var migrations = await Migrate(owner, services.GetRequiredService<EventTypeRegistry>(), projections, ct);
        // Each newsroom database is brought up to date the same way, as its own owner, before anything serves.
        var placements = await NewsroomPlacement.All(services.GetRequiredService<IConfiguration>(), owner, ct);
        foreach (var placement in placements)
        {
            await using var placedOwner = DataSource(placement.OwnerDatabase);
            using (await Migrate(placedOwner, services.GetRequiredService<EventTypeRegistry>(), projections, ct)) { }
            if (Username(placement.OwnerDatabase) != Username(placement.Database)) await DatabaseRoles.GrantServing(placedOwner, ct);
        }
        database.Place(placements);
        // Before the daemon and first start, as the owner (it empties read models and locks the old tables): a database
        // of the store before Marten brings its events along.
        var types = services.GetRequiredService<EventTypeRegistry>();
        await OldStoreMigration.Run(new Ledger(migrations, owner, types, services.GetRequiredService<TimeProvider>(), projections, []), projections,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OldStoreMigration).FullName!), ct);
        // With one connection string for both (a server brought without an owner role) there is nothing to grant.
        if (Username(database.OwnerConnectionString) != Username(database.DataSource.ConnectionString))
            await DatabaseRoles.GrantServing(owner, ct);
    }

    private static string? Username(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Username;

    /// <summary>As the owner: Marten's schema with the append-only guard, Wolverine's tables and Tracker's own.</summary>
    private static async Task<DocumentStore> Migrate(NpgsqlDataSource owner, EventTypeRegistry types, IReadOnlyList<ISqlProjection> projections, CancellationToken ct)
    {
        var opts = new StoreOptions();
        Configure(opts, owner, types, projections);
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // This store only migrates and runs no daemon; left Disabled, Marten prints a warning on stdout, where CLI results go.
        opts.Projections.AsyncMode = DaemonMode.Solo;
        var migrations = new DocumentStore(opts);
        await migrations.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await Messaging.Migrate(owner, ct);
        foreach (var ddl in Features.OwnTables(projections))
        {
            await using var cmd = owner.CreateCommand(ddl);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return migrations;
    }
}
