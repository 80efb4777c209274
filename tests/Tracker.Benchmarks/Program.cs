using System.CommandLine;
using Spectre.Console;
using Tracker.Benchmarks;
using Tracker.Benchmarks.Figures;

var quick = new Option<bool>("--quick") { Description = "Small sizes: checks the program works; figures are not the documented ones" };
var only = new Option<string[]>("--only") { Description = "Run only these steps (appends, http, bulk, scale, timetravel, export, placement, rebuild); for working on one figure", AllowMultipleArgumentsPerToken = true };
var write = new Option<string?>("--write") { Description = "Folder to write benchmarks.svg and benchmarks.generated.md into (e.g. docs)" };
var root = new RootCommand("Tracker's throughput and latency, each against PostgreSQL's raw limit and plain Marten measured in the same run") { quick, write, only };
root.SetAction(async (parse, ct) =>
{
    var sizes = parse.GetValue(quick) ? Sizes.Quick : Sizes.Full;
    var figures = new List<Figure>();
    await using var bench = await Bench.Start();
    var app = await BenchApp.Start(bench);
    await bench.Prepare();
    await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .StartAsync(async progress =>
        {
            var selected = parse.GetValue(only) ?? [];
            var steps = new (string Name, Func<Task> Run)[]
            {
                ("appends", async () =>
                {
                    var (figure, ours, _) = await SingleAppends.Run(bench, app, sizes);
                    figures.Add(figure);
                    figures.Add(await HttpWrites.Run(app, bench, sizes));
                    figures.Add(await ProjectionLagFigure.Run(bench, app, sizes, ours));
                }),
                // The HTTP figure alone, for working on it; "appends" runs it too, between the figures it shares rates with.
                ("http", async () => figures.Add(await HttpWrites.Run(app, bench, sizes))),
                ("bulk", async () => figures.Add(await BulkImport.Run(bench, app, sizes))),
                ("scale", async () => figures.AddRange(await StoryAtScale.Run(app, parse.GetValue(quick)))),
                ("timetravel", async () => figures.Add(await TimeTravel.Run(bench, app, sizes))),
                ("export", async () =>
                {
                    var small = await LargeStory.Create(bench, app, "export-small", sizes.ExportSmall);
                    var large = await LargeStory.Create(bench, app, "export-large", sizes.ExportLarge);
                    // The app's daemon would project the new newsrooms while they are exported, and race the rebuild below: stop it.
                    await app.DisposeAsync();
                    figures.Add(await ExportFigure.Run(bench, small, sizes.ExportSmall, large, sizes.ExportLarge));
                }),
                ("placement", async () =>
                {
                    // Its own app, with a newsroom placed on a second cluster; the run's app would answer beside it.
                    await app.DisposeAsync();
                    figures.Add(await PlacedNewsroomFigure.Run(bench, sizes));
                }),
                ("rebuild", async () =>
                {
                    // Run alone (--only rebuild) the app's daemon is still up and would race the rebuild.
                    await app.DisposeAsync();
                    figures.Add(await RebuildFigure.Run(bench));
                }),
            };
            // A full run takes the HTTP figure within "appends"; the "http" step is only for running it alone.
            steps = selected.Length > 0 ? [.. steps.Where(s => selected.Contains(s.Name))] : [.. steps.Where(s => s.Name != "http")];
            var task = progress.AddTask("benchmarks", maxValue: steps.Length);
            foreach (var (name, run) in steps)
            {
                task.Description = name;
                await run();
                task.Increment(1);
            }
        });
    await app.DisposeAsync();
    Report.Print(figures);
    if (parse.GetValue(write) is { } folder)
    {
        var command = "dotnet run -c Release --project tests/Tracker.Benchmarks -- " + string.Join(' ', args);
        Report.Write(folder, figures, command, $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, PostgreSQL embedded");
        AnsiConsole.MarkupLine($"Wrote {folder}/benchmarks.svg and {folder}/benchmarks.generated.md");
    }
    return figures.All(f => f.Met) ? 0 : 2;
});
return await root.Parse(args).InvokeAsync();
