using JasperFx.CodeGeneration;
using JasperFx;
using Marten;
using Wolverine.Marten;
using Npgsql;
using Tracker.Publishing;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace Tracker.Hosting;

/// <summary>
/// Wolverine as Tracker runs it: its envelope tables (inbox, outbox, scheduled retries, dead letters, nodes) in their
/// own schema beside Marten's, migrated by the owner role like everything else, handlers named rather than found by
/// convention, and their code generated ahead of time (docs/architecture.md, "Code generation").
/// </summary>
public static class Messaging
{
    public const string Schema = "wolverine";

    public static void AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWolverine(opts =>
        {
            opts.ServiceName = "tracker";
            // The generated handlers live in this assembly, whichever program hosts the app (a benchmark, a test runner).
            opts.ApplicationAssembly = typeof(Messaging).Assembly;
            opts.Discovery.DisableConventionalDiscovery();
            opts.Durability.MessageStorageSchemaName = Schema;
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            // A node that stops reporting for 20 s is taken as gone and its pending deliveries go to a live node (the
            // default waits minutes). Delivery is at least once either way: receivers deduplicate on X-Tracker-Delivery.
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(5);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(20);
            opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(5);
            // A CLI verb runs Wolverine as a mediator only: its writes go through the same handlers, but it takes no
            // part in the nodes' durable messaging (a short-lived process must not pick up webhook deliveries).
            if (configuration.GetValue<bool>(CliKey)) opts.Durability.Mode = DurabilityMode.MediatorOnly;
            IncludeDeskWrites(opts);
            PublishingSetup.Configure(opts, configuration);
        });
        services.AddPublishing();
    }

    /// <summary>Set by the CLI's host: Wolverine as a mediator, without durable agents.</summary>
    public const string CliKey = "Tracker:CliVerb";

    /// <summary>The handlers of the workbench's, CLI's and demo loader's writes (Commands/DeskWrites).</summary>
    private static void IncludeDeskWrites(WolverineOptions opts)
    {
        opts.Discovery.IncludeType(typeof(Commands.OpenStreamHandler));
        opts.Discovery.IncludeType(typeof(Claims.ClaimDeskWriteHandlers));
        opts.Discovery.IncludeType(typeof(Stories.StoryDeskWriteHandlers));
        opts.Discovery.IncludeType(typeof(Sources.SourceDeskWriteHandlers));
        opts.Discovery.IncludeType(typeof(Accounts.AccountDeskWriteHandlers));
    }

    /// <summary>
    /// Starts Wolverine ahead of the host (it is idempotent: the host's own start then does nothing), so first start, the
    /// demo loader and CLI verbs, which write before the app serves or without serving at all, can send their writes.
    /// </summary>
    public static Task StartEarly(IServiceProvider services, CancellationToken ct) =>
        ((IHostedService)services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>()).StartAsync(ct);

    /// <summary>
    /// As the owner, at start-up: create or update Wolverine's tables (the app role may not). Wolverine builds its store only
    /// through its own services, so a small host of them, never started, is made for this on the owner's connection.
    /// </summary>
    public static async Task Migrate(NpgsqlDataSource owner, CancellationToken ct)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(owner);
                opts.DatabaseSchemaName = TrackerStore.Schema;
            })
            .IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = Schema;
                w.AutoCreate = AutoCreate.CreateOrUpdate;
            });
        builder.Services.AddWolverine(opts =>
        {
            opts.Discovery.DisableConventionalDiscovery();
            opts.Durability.MessageStorageSchemaName = Schema;
        });
        using var host = builder.Build();
        await host.Services.GetRequiredService<IMessageStore>().Admin.MigrateAsync();
    }
}
