using System.Diagnostics;
using Marten;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Benchmarks.Figures;

/// <summary>Records when Marten's daemon hands it each event, in the daemon's own transaction, so lag = seen − recorded per event.</summary>
public sealed class LagProbe : ISqlProjection
{
    public string Name => "bench_lag_probe";

    public IReadOnlyList<string> Tables => ["bench.lag_probe"];

    public IEnumerable<string> Schema() =>
        ["create schema if not exists bench; create table if not exists bench.lag_probe (event_id uuid not null, recorded timestamptz not null, seen timestamptz not null)"];

    public Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        batch.Queue("insert into bench.lag_probe select unnest(?::uuid[]), unnest(?::timestamptz[]), clock_timestamp()",
            batch.Events.Select(e => e.Id).ToArray(), batch.Events.Select(e => e.RecordedAt).ToArray());
        return Task.CompletedTask;
    }
}

/// <summary>
/// Sustained appends through the Ledger at half our single-event rate while Marten's daemon (configured as the app
/// configures it) projects them into a probe: p99 lag and events skipped. The app's own daemon keeps projecting the
/// timeline and corrections meanwhile, as in production.
/// </summary>
public static class ProjectionLagFigure
{
    public static async Task<Figure> Run(Bench bench, BenchApp app, Sizes sizes, double singleRate)
    {
        var probe = new LagProbe();
        foreach (var ddl in probe.Schema()) await bench.Execute(ddl);
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, bench.DataSource, bench.Types, [probe]);
        opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.Solo;
        using var store = new DocumentStore(opts);
        var ledger = app.Ledger;
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        // Start from now: let the probe catch up with what is there, then forget it.
        var high = await ledger.HighWaterMark();
        var deadline = Stopwatch.StartNew();
        while (await Position(bench, probe.Name) < high && deadline.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(100);
        await bench.Execute("delete from bench.lag_probe");

        var newsroom = await app.Newsroom();
        const int writers = 4;
        var target = singleRate / 2;
        var interval = TimeSpan.FromSeconds(writers / target);
        var written = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var stream = Guid.CreateVersion7();
            var result = await ledger.Append(newsroom, new StreamAppend(stream, ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
                [new ClaimLogged(Guid.CreateVersion7(), "Lag probe claim", null)], new EventMetadata("bench")));
            written.Add(result.Events[0].Id);
            var next = clock.Elapsed;
            while (clock.Elapsed < sizes.LagDuration)
            {
                result = await ledger.Append(newsroom, new StreamAppend(stream, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(result.Version),
                    [new ClaimTextCorrected($"Lag probe claim ({result.Version})", "Wording")], new EventMetadata("bench")) { Head = result.Next });
                written.Add(result.Events[0].Id);
                next += interval;
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        })));
        var achieved = written.Count / clock.Elapsed.TotalSeconds;

        deadline.Restart();
        while (await bench.Count("select count(*) from bench.lag_probe") < written.Count && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
        await daemon.StopAllAsync();

        var lags = new List<double>();
        await using (var cmd = bench.DataSource.CreateCommand("select extract(epoch from seen - recorded) * 1000 from bench.lag_probe order by 1"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lags.Add(Convert.ToDouble(reader.GetValue(0)));
        await using var seen = bench.DataSource.CreateCommand("select count(distinct event_id) from bench.lag_probe where event_id = any($1)");
        seen.Parameters.Add(new() { Value = written.ToArray() });
        var skipped = written.Count - Convert.ToInt64(await seen.ExecuteScalarAsync());
        var martenSkipped = await bench.Count($"select coalesce(sum(skipped_events_count), 0) from {TrackerStore.Schema}.mt_event_progression where name like '{probe.Name}%'")
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : -1);
        var p99 = Measure.Percentile(lags, 99);
        return new Figure("Projection lag at half the append rate", $"p99 {p99:0} ms", "—", "1,000 ms", p99 / 1000, 1.0, Better.Lower,
            $"{achieved:N0} ev/s for {sizes.LagDuration.TotalSeconds:0} s through Ledger.Append, projected by Marten's daemon (app settings) into a probe; " +
            $"p50 {Measure.Percentile(lags, 50):0} ms; {skipped} skipped of {written.Count:N0}" + (martenSkipped > 0 ? $" (Marten counts {martenSkipped} skipped)" : ""))
        { Failed = skipped != 0 };
    }

    private static async Task<long> Position(Bench bench, string name) =>
        await bench.Count($"select coalesce(max(last_seq_id), 0) from {TrackerStore.Schema}.mt_event_progression where name like '{name}%'");
}
