using System.Diagnostics;

namespace Tracker.Benchmarks;

public static class Measure
{
    /// <summary>
    /// Two workloads in alternating rounds (A, B, A, B, …) that together last about <paramref name="duration"/> after warm-up rounds of each, so
    /// a noisy moment on a shared machine falls on both alike; each rate is its operations over its own time.
    /// </summary>
    public static async Task<(double A, double B)> AlternatingRates(int rounds, TimeSpan duration,
        Func<TimeSpan, Task<long>> a, Func<TimeSpan, Task<long>> b, Action? warmedUp = null)
    {
        var round = duration / (2 * rounds);
        await WarmUp(round, a, b, maxTime: duration * 3);
        warmedUp?.Invoke();
        long countA = 0, countB = 0;
        TimeSpan timeA = default, timeB = default;
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            countA += await a(round);
            timeA += watch.Elapsed;
            watch.Restart();
            countB += await b(round);
            timeB += watch.Elapsed;
        }
        return (countA / timeA.TotalSeconds, countB / timeB.TotalSeconds);
    }

    /// <summary>
    /// Rounds of each, not counted, until the JIT is done: .NET's tiered JIT first runs quick code, then recompiles hot
    /// methods in the background. Under 16 clients on 2 cores that went on for about 50 s, spending most of a core, so
    /// one round of each measured the JIT rather than a server in use.
    /// </summary>
    private static Task WarmUp(TimeSpan round, Func<TimeSpan, Task<long>> a, Func<TimeSpan, Task<long>> b, TimeSpan maxTime) =>
        UntilJitted(async () =>
        {
            await a(round);
            await b(round);
        }, maxTime);

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
    /// Both sides timed alternately, so a noisy moment (a checkpoint, autovacuum) falls on both alike; medians of each.
    /// First <paramref name="warmUp"/> (by default a pair of A and B) is repeated until the JIT is done with it, as for
    /// the rates: .NET's tiered JIT first runs quick code and recompiles the hot methods in the background, and a figure
    /// measured before that is done measures the JIT (time travel run alone read about twice its time; bulk import
    /// spent a third of its process's CPU in the JIT after a single warm-up round).
    /// </summary>
    /// <param name="settle">Untimed work after each run, such as letting the daemon project what a run committed.</param>
    public static async Task<(TimeSpan A, TimeSpan B)> MedianPair(int runs, Func<Task> a, Func<Task> b,
        Func<Task>? warmUp = null, Func<Task>? settle = null)
    {
        settle ??= () => Task.CompletedTask;
        warmUp ??= async () => { for (var i = 0; i < 20; i++) { await a(); await b(); } };
        await UntilJitted(async () =>
        {
            await warmUp();
            await settle();
        }, TimeSpan.FromSeconds(90));
        await Task.Delay(500);
        var (timesA, timesB) = (new List<TimeSpan>(), new List<TimeSpan>());
        for (var i = 0; i < runs; i++)
        {
            timesA.Add(await Time(a));
            await settle();
            timesB.Add(await Time(b));
            await settle();
        }
        timesA.Sort();
        timesB.Sort();
        return (timesA[runs / 2], timesB[runs / 2]);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
