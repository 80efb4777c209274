using System.Diagnostics;

namespace Tracker.Benchmarks;

public static class Measure
{
    /// <summary>Runs <paramref name="writers"/> loops until the duration is up; returns operations per second.</summary>
    public static async Task<double> Rate(int writers, TimeSpan duration, Func<int, long, Task> operation)
    {
        long total = 0;
        var stopAt = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long i = 0;
            while (stopAt.Elapsed < duration)
            {
                await operation(w, i++);
                Interlocked.Increment(ref total);
            }
        })));
        return total / stopAt.Elapsed.TotalSeconds;
    }

    public static async Task<TimeSpan> Time(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    /// <summary>The median of several timed runs, after one warm-up: robust to a noisy neighbour.</summary>
    public static async Task<TimeSpan> Median(int runs, Func<Task> work)
    {
        await work();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++) times.Add(await Time(work));
        times.Sort();
        return times[times.Count / 2];
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
