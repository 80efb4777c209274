using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tracker.Cli;

/// <summary>Spectre.Console's progress display for long jobs: what runs, a bar, how many done out of how many, and the rate.</summary>
public static class ProgressBar
{
    /// <summary>Runs <paramref name="work"/>, showing the count it reports against <paramref name="total"/> things called <paramref name="unit"/>.</summary>
    public static Task<T> Count<T>(string description, long total, string unit, Func<IProgress<long>, Task<T>> work) =>
        Run(description, total, work, new CountColumn(unit));

    /// <summary>The same for work measured in bytes (reading a file).</summary>
    public static Task<T> Bytes<T>(string description, long total, Func<IProgress<long>, Task<T>> work) =>
        Run(description, total, work, new DownloadedColumn(), new TransferSpeedColumn());

    // Spectre allows one live display per console at a time; verbs run side by side in one process (the tests) take turns.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static async Task<T> Run<T>(string description, long total, Func<IProgress<long>, Task<T>> work, params ProgressColumn[] measure)
    {
        await OneAtATime.WaitAsync();
        try
        {
            return await Show(description, total, work, measure);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>Progress is not a result: it goes to stderr, so `tracker export ... | gzip` or `ids=$(...)` get only results.</summary>
    private static readonly IAnsiConsole Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

    private static Task<T> Show<T>(string description, long total, Func<IProgress<long>, Task<T>> work, ProgressColumn[] measure) =>
        Console.Progress()
            .AutoClear(false)
            .Columns([new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), .. measure, new ElapsedTimeColumn()])
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                var result = await work(new TaskProgress(task));
                task.Value = task.MaxValue;
                return result;
            });

    private sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }

    private sealed class CountColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0}/{task.MaxValue:N0} {unit}, {task.Speed ?? 0:N0}/s"));
    }
}
