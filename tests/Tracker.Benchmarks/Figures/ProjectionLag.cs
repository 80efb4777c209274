using System.Collections.Concurrent;
using System.Diagnostics;
using Tracker.EventStore;
using Tracker.Stories;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// Sustained story edits at half our single-event rate while Marten's daemon keeps the story timeline: for each event,
/// the time from its append until the projection's progression first reached it (polled every 10 ms), and whether
/// Marten's daemon recorded any skipped sequence.
/// </summary>
public static class ProjectionLagFigure
{
    private const string Projection = "story_timeline";

    public static async Task<Figure> Run(Bench bench, Sizes sizes, double singleRate)
    {
        var ledger = bench.Store;
        const int writers = 4;
        var interval = TimeSpan.FromSeconds(writers / (singleRate / 2));
        var appended = new ConcurrentBag<(Guid Id, TimeSpan At)>();
        var observed = new ConcurrentQueue<(TimeSpan At, long Position)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var poll = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                observed.Enqueue((clock.Elapsed, await ledger.ProjectionPosition(Projection)));
                await Task.Delay(10);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var stream = Guid.CreateVersion7();
            var head = (await ledger.Append(Bench.Tenant, new StreamAppend(stream, StoryEventTypes.StreamType, ExpectedVersion.NoStream,
                [new StoryOpened("Lag story", "Edited at a steady rate")], new EventMetadata("bench")))).Next;
            var next = clock.Elapsed;
            while (clock.Elapsed < sizes.LagDuration)
            {
                var result = await ledger.Append(Bench.Tenant, new StreamAppend(stream, StoryEventTypes.StreamType, ExpectedVersion.Exactly(head.Version),
                    [Bench.Note(head.Version)], new EventMetadata("bench")) { Head = head });
                appended.Add((result.Events[0].Id, clock.Elapsed));
                head = result.Next;
                next += interval;
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        })));
        var achieved = appended.Count / sizes.LagDuration.TotalSeconds;

        var sequences = new Dictionary<Guid, long>();
        await using (var cmd = bench.DataSource.CreateCommand("select id, seq_id from tracker.mt_events where id = any($1)"))
        {
            cmd.Parameters.Add(new() { Value = appended.Select(a => a.Id).ToArray() });
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) sequences[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        var last = sequences.Values.Max();
        var deadline = Stopwatch.StartNew();
        while (await ledger.ProjectionPosition(Projection) < last && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        await Task.Delay(50);
        await stop.CancelAsync();
        await poll;

        var progress = observed.ToArray();
        var lags = appended.Select(a =>
        {
            var seq = sequences[a.Id];
            var reached = progress.FirstOrDefault(p => p.Position >= seq && p.At >= a.At);
            return reached == default ? double.PositiveInfinity : (reached.At - a.At).TotalMilliseconds;
        }).Order().ToList();
        var skipped = await bench.Count("select case when to_regclass('tracker.mt_high_water_skips') is null then 0 else " +
            "(select count(*) from tracker.mt_high_water_skips) end");
        var p99 = Measure.Percentile(lags, 99);
        return new Figure("Projection lag at half the append rate", $"p99 {p99:0} ms", "1,000 ms", p99 / 1000, 1.0, Better.Lower,
            $"{achieved:N0} ev/s for {sizes.LagDuration.TotalSeconds:0} s; p50 {Measure.Percentile(lags, 50):0} ms (progression polled every 10 ms); " +
            $"{skipped} sequence gaps skipped by the daemon, {appended.Count:N0} events");
    }
}
