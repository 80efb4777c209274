using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tracker.EventStore;

namespace Tracker.Benchmarks.Figures;

/// <summary>Records when the daemon hands it each event, so lag = seen − recorded can be read per event.</summary>
public sealed class LagProbe : IAsyncProjection
{
    public string Name => "bench_lag_probe";

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("create schema if not exists bench; create table if not exists bench.lag_probe (event_id uuid not null, recorded timestamptz not null, seen timestamptz not null)", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
    {
        var events = batch.Events;
        await using var cmd = new NpgsqlCommand("insert into bench.lag_probe select unnest($1::uuid[]), unnest($2::timestamptz[]), clock_timestamp()", conn);
        cmd.Parameters.Add(new() { Value = events.Select(e => e.Id).ToArray() });
        cmd.Parameters.Add(new() { Value = events.Select(e => e.RecordedAt).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("delete from bench.lag_probe", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Sustained writes at half our single-event rate while the daemon projects: p99 lag and events skipped.</summary>
public static class ProjectionLagFigure
{
    public static async Task<Figure> Run(Bench bench, Sizes sizes, double singleRate)
    {
        var daemon = new ProjectionDaemon(bench.Store, NullLogger<ProjectionDaemon>.Instance);
        await new ProjectionRunner(bench.Store, bench.Options.AsyncProjections.Single(p => p is LagProbe)).CatchUp(); // start from now
        await bench.Execute("delete from bench.lag_probe");
        await daemon.StartAsync(CancellationToken.None);

        const int writers = 4;
        var target = singleRate / 2;
        var interval = TimeSpan.FromSeconds(writers / target);
        var written = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var stream = Guid.CreateVersion7();
            var version = 0;
            var next = clock.Elapsed;
            while (clock.Elapsed < sizes.LagDuration)
            {
                var result = await bench.Store.Append(Bench.Tenant, new StreamAppend(stream, "bench", ExpectedVersion.Exactly(version), [Bench.Note(version)], new EventMetadata("bench")));
                version = result.Version;
                written.Add(result.Events[0].Id);
                next += interval;
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        })));
        var achieved = written.Count / clock.Elapsed.TotalSeconds;

        var deadline = Stopwatch.StartNew();
        while (await bench.Count("select count(*) from bench.lag_probe") < written.Count && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
        await daemon.StopAsync(CancellationToken.None);

        var lags = new List<double>();
        await using (var cmd = bench.DataSource.CreateCommand("select extract(epoch from seen - recorded) * 1000 from bench.lag_probe order by 1"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lags.Add(Convert.ToDouble(reader.GetValue(0)));
        var skipped = written.Count - await bench.Count($"select count(distinct event_id) from bench.lag_probe where event_id = any(array[{string.Join(',', written.Select(id => $"'{id}'::uuid"))}])");
        var p99 = Measure.Percentile(lags, 99);
        return new Figure("Projection lag at half the append rate", $"p99 {p99:0} ms", "1,000 ms", p99 / 1000, 1.0, Better.Lower,
            $"{achieved:N0} ev/s for {sizes.LagDuration.TotalSeconds:0} s; p50 {Measure.Percentile(lags, 50):0} ms; {skipped} skipped of {written.Count:N0}");
    }
}
