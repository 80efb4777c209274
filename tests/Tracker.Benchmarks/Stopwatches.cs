using System.Diagnostics;

namespace Tracker.Benchmarks;

public static class Measure
{
    /// <summary>
    /// Workloads in alternating rounds (A, B, C, A, B, C, …) that together last about <paramref name="duration"/> after warm-up
    /// rounds of each, so a noisy moment on a shared machine falls on all alike; each rate is its operations over its own time.
    /// </summary>
    public static async Task<double[]> AlternatingRates(int rounds, TimeSpan duration, IReadOnlyList<Func<TimeSpan, Task<long>>> sides,
        Action? warmedUp = null)
    {
        var round = duration / (sides.Count * rounds);
        await UntilJitted(async () => { foreach (var side in sides) await side(round); }, maxTime: duration * 3);
        warmedUp?.Invoke();
        var counts = new long[sides.Count];
        var times = new TimeSpan[sides.Count];
        for (var i = 0; i < rounds; i++)
            for (var s = 0; s < sides.Count; s++)
            {
                var watch = Stopwatch.StartNew();
                counts[s] += await sides[s](round);
                times[s] += watch.Elapsed;
            }
        return [.. counts.Select((c, s) => c / times[s].TotalSeconds)];
    }

    /// <summary>Repeats <paramref name="step"/> until one spends under 1% of its time compiling, or until <paramref name="maxTime"/>.</summary>
    private static async Task UntilJitted(Func<Task> step, TimeSpan maxTime)
    {
        var total = Stopwatch.StartNew();
        while (true)
        {
            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            var watch = Stopwatch.StartNew();
            await step();
            if (System.Runtime.JitInfo.GetCompilationTime() - compiling < watch.Elapsed / 100 || total.Elapsed >= maxTime) return;
        }
    }

    /// <summary><paramref name="writers"/> loops for the duration; returns how many operations completed.</summary>
    public static async Task<long> Count(int writers, TimeSpan duration, Func<int, long, Task> operation)
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
        return total;
    }

    public static async Task<TimeSpan> Time(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    /// <summary>
    /// Every side timed in turn, so a noisy moment (a checkpoint, autovacuum) falls on all alike; medians of each.
    /// First <paramref name="warmUp"/> (by default a round of every side) is repeated until the JIT is done with it: .NET's
    /// tiered JIT first runs quick code and recompiles the hot methods in the background, and a figure measured before
    /// that is done measures the JIT.
    /// </summary>
    /// <param name="settle">Untimed work after each run, such as letting the daemon project what a run committed.</param>
    public static async Task<TimeSpan[]> Medians(int runs, IReadOnlyList<Func<Task>> sides, Func<Task>? warmUp = null, Func<Task>? settle = null,
        int warmUpRounds = 20)
    {
        settle ??= () => Task.CompletedTask;
        warmUp ??= async () => { for (var i = 0; i < warmUpRounds; i++) foreach (var side in sides) await side(); };
        await UntilJitted(async () =>
        {
            await warmUp();
            await settle();
        }, TimeSpan.FromSeconds(90));
        await Task.Delay(500);
        var times = sides.Select(_ => new List<TimeSpan>()).ToArray();
        for (var i = 0; i < runs; i++)
            for (var s = 0; s < sides.Count; s++)
            {
                times[s].Add(await Time(sides[s]));
                await settle();
            }
        return [.. times.Select(t => t.Order().ElementAt(runs / 2))];
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
