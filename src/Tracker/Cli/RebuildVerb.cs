using System.CommandLine;
using Spectre.Console;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Cli;

/// <summary>
/// tracker rebuild PROJECTION: clear an async projection's read model and checkpoint, then replay every event
/// into it. A running daemon notices the zeroed checkpoint and the two never apply the same batch twice.
/// </summary>
public static class RebuildVerb
{
    public static Command Rebuild()
    {
        var registered = TrackerStore.Options();
        var name = new Argument<string>("projection")
        {
            Description = $"The async projection to rebuild: {string.Join(", ", registered.AsyncProjections.Select(p => p.Name).DefaultIfEmpty("none registered"))}",
        };
        var command = new Command("rebuild", "Rebuild an async projection from the first event") { name };
        command.SetAction(async (parse, ct) =>
        {
            // Refused before the database starts: the names are known from the configuration alone.
            if (Find(registered, parse.GetValue(name)!) is null) return TrackerCli.Fail(Unknown(registered, parse.GetValue(name)!));
            using var host = await TrackerCli.Host(parse, ct);
            var store = host.Services.GetRequiredService<PostgresEventStore>();
            var projection = Find(store.Options, parse.GetValue(name)!)!;
            var applied = await Run(store, projection, (runner, total) =>
                ProgressBar.Count($"Rebuilding {projection.Name}", total, "events", progress => runner.CatchUp(progress, ct)), ct);
            AnsiConsole.MarkupLineInterpolated($"Rebuilt [bold]{projection.Name}[/] from {applied} events.");
            return 0;
        });
        return command;
    }

    /// <summary>Resets the projection, then replays through <paramref name="catchUp"/>, which gets the runner and how many events wait.</summary>
    public static async Task<long> Run(PostgresEventStore store, IAsyncProjection projection,
        Func<ProjectionRunner, long, Task<long>> catchUp, CancellationToken ct = default)
    {
        var runner = new ProjectionRunner(store, projection);
        await runner.Reset(ct);
        var waiting = (await store.ProjectionLag(ct)).FirstOrDefault(l => l.Name == projection.Name)?.PendingEvents ?? 0;
        return await catchUp(runner, waiting);
    }

    public static IAsyncProjection? Find(EventStoreOptions options, string name) =>
        options.AsyncProjections.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>What to say for a name that is not registered: the names that are.</summary>
    public static string Unknown(EventStoreOptions options, string name) => options.AsyncProjections.Count == 0
        ? $"No projection '{name}': no async projections are registered."
        : $"No projection '{name}'. Projections: {string.Join(", ", options.AsyncProjections.Select(p => p.Name))}.";
}
