using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Hosting;

/// <summary>The store as Tracker configures it: its event aliases, inline read models and async projections.</summary>
public static class TrackerStore
{
    public const string Schema = "tracker";

    public static EventStoreOptions Options()
    {
        var options = new EventStoreOptions { Schema = Schema };
        Features.RegisterEvents(options.Types);
        Features.AddProjections(options);
        return options;
    }

    /// <summary>Store, read models and command runner; the data source comes from <see cref="DatabaseHost"/> once it has started.</summary>
    public static IServiceCollection AddTrackerStore(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseHost>();
        services.AddSingleton(sp => sp.GetRequiredService<DatabaseHost>().DataSource);
        services.AddSingleton(_ => Options());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresEventStore>();
        services.AddSingleton<CommandRunner>();
        services.AddSingleton<AccountDirectory>();
        return services;
    }

    /// <summary>Starts the database, migrates the store and the app's own tables, and makes sure a newsroom exists.</summary>
    public static async Task Prepare(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseHost>().Start(ct);
        var store = services.GetRequiredService<PostgresEventStore>();
        await store.Migrate(ct);
        await using var cmd = store.DataSource.CreateCommand(Http.Idempotency.Ddl);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
