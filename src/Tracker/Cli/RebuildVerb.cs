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
            var total = await ledger.HighWaterMark(ct);
            using var daemon = await store.BuildProjectionDaemonAsync();
            var applied = await ProgressBar.Count($"Rebuilding {projection.Name}", total, "events",
                progress => Run(daemon, ledger, projection.Name, progress, ct));
            AnsiConsole.MarkupLineInterpolated($"Rebuilt [bold]{projection.Name}[/] up to event {applied}.");
            return 0;
        });
        return command;
    }

    /// <summary>Rebuilds through Marten's daemon; progress reports the sequence the projection has reached. Returns where it ended.</summary>
    public static async Task<long> Run(IProjectionDaemon daemon, Ledger ledger, string projection, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        var rebuild = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
        while (await Task.WhenAny(rebuild, Task.Delay(200, ct)) != rebuild)
            progress?.Report(await ledger.ProjectionPosition(projection, ct));
        await rebuild;
        var reached = await ledger.ProjectionPosition(projection, ct);
        progress?.Report(reached);
        return reached;
    }

    public static ISqlProjection? Find(string name) =>
        Features.AsyncProjections().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>What to say for a name that is not registered: the names that are.</summary>
    public static string Unknown(string name) =>
        $"No projection '{name}'. Projections: {string.Join(", ", Features.AsyncProjections().Select(p => p.Name))}.";
}
