using JasperFx.CodeGeneration;
using JasperFx;
using Marten;
using Wolverine.Marten;
using Npgsql;
using Tracker.Publishing;
using Wolverine;
using Wolverine.Persistence.Durability;

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
            PublishingSetup.Configure(opts, configuration);
        });
        services.AddPublishing();
    }

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
