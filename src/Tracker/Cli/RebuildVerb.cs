using System.CommandLine;
using IProjectionDaemon = JasperFx.Events.Daemon.IProjectionDaemon;
using Marten;
using Npgsql;
using Spectre.Console;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Cli;

/// <summary>
/// tracker rebuild PROJECTION: Marten's rebuild of an async projection (its tables emptied, its progress reset, every
/// event replayed), with a progress bar that follows the projection's progress row while it runs.
/// </summary>
public static class RebuildVerb
{
    public static Command Rebuild()
    {
        var registered = Features.AsyncProjections();
        var name = new Argument<string>("projection")
        {
            Description = $"The async projection to rebuild: {string.Join(", ", registered.Select(p => p.Name))}",
        };
        var command = new Command("rebuild", "Rebuild an async projection from the first event") { name };
        command.SetAction(async (parse, ct) =>
        {
            // Refused before the database starts: the names are known from the configuration alone.
            if (Find(parse.GetValue(name)!) is not { } projection) return TrackerCli.Fail(Unknown(parse.GetValue(name)!));
            using var host = await TrackerCli.Host(parse, ct);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            var ledger = host.Services.GetRequiredService<Ledger>();
            // Each database has its own events, sequence and progress: a newsroom placed in a database of its own is
            // rebuilt there, after the main database.
            foreach (var database in await store.Storage.AllDatabases())
            {
                var newsroom = Ledger.NewsroomOf(database);
                var total = await ledger.HighWaterMark(ct, newsroom);
                using var daemon = await store.BuildProjectionDaemonAsync(newsroom);
                var label = database.TenantIds.Count == 0 ? projection.Name : $"{projection.Name} in the database of {string.Join(", ", database.TenantIds)}";
                var applied = await ProgressBar.Count($"Rebuilding {label}", total, "events",
                    progress => Run(daemon, ledger, projection.Name, progress, ct, newsroom));
                AnsiConsole.MarkupLineInterpolated($"Rebuilt [bold]{label}[/] up to event {applied}.");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Rebuilds through Marten's daemon; progress reports the sequence the projection has reached. Returns where it ended.</summary>
    /// <param name="newsroom">A newsroom of the daemon's database (<see cref="Ledger.NewsroomOf"/>): progress is read there.</param>
    public static async Task<long> Run(IProjectionDaemon daemon, Ledger ledger, string projection, IProgress<long>? progress = null,
        CancellationToken ct = default, string newsroom = JasperFx.StorageConstants.DefaultTenantId)
    {
        var rebuild = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
        while (await Task.WhenAny(rebuild, Task.Delay(200, ct)) != rebuild)
            progress?.Report(await ledger.ProjectionPosition(projection, ct, newsroom));
        await rebuild;
        var reached = await ledger.ProjectionPosition(projection, ct, newsroom);
        progress?.Report(reached);
        return reached;
    }

    public static ISqlProjection? Find(string name) =>
        Features.AsyncProjections().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>What to say for a name that is not registered: the names that are.</summary>
    public static string Unknown(string name) =>
        $"No projection '{name}'. Projections: {string.Join(", ", Features.AsyncProjections().Select(p => p.Name))}.";
}
