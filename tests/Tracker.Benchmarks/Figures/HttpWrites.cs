using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Commands;

// No plain Marten column: Marten has no HTTP layer of its own to compare with.

namespace Tracker.Benchmarks.Figures;

/// <summary>16 clients logging claims, attributing them and proposing verdicts through the API, against the raw single-event rate.</summary>
public static class HttpWrites
{
    public const int Clients = 16;

    public static async Task<Figure> Run(BenchApp app, Bench bench, Sizes sizes)
    {
        var client = await app.Client(Role.Factchecker);
        var story = await Post<JsonElement>(client, "/api/stories", new { title = "Bench story", summary = "HTTP write load" });
        var source = await Post<JsonElement>(client, "/api/sources", new { kind = "article", name = "Financial Times report", outlet = "Financial Times" });
        var storyId = story.GetProperty("id").GetGuid();
        var sourceId = source.GetProperty("id").GetGuid();

        await app.Quiet();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var cpu = new CpuTally(await ProcessCpu.Postmaster(bench.DataSource));
        // HTTP rounds alternate with rounds of the raw single-event limit, so both see the same machine.
        var rates = await Measure.AlternatingRates(SingleAppends.Rounds, sizes.AppendDuration * 2, [duration => cpu.Round(async () =>
        {
            long requests = 0;
            await Measure.Count(Clients, duration, async (c, i) =>
            {
                var claim = await Timed(latencies, () => Post<JsonElement>(client, $"/api/stories/{storyId}/claims", new { text = $"Claim {c}/{i}: about 30% support sovereignty" }));
                var id = claim.GetProperty("id").GetGuid();
                await Timed(latencies, () => Post<JsonElement>(client, $"/api/claims/{id}/attributions", new { sourceId, role = "reporter", quote = "about 30% support" }));
                await Timed(latencies, () => Post<JsonElement>(client, $"/api/claims/{id}/verdicts",
                    new { rating = "mostly_false", summary = "Pollara found 19%", evidence = new[] { new { note = "Pollara poll, January 2026" } } }));
                Interlocked.Add(ref requests, 3);
            });
            return requests;
        }), duration => Measure.Count(SingleAppends.Writers, duration, SingleAppends.RawInsert(bench))], warmedUp: () =>
        {
            latencies.Clear();
            cpu.Clear();
        });
        var (rate, raw) = (rates[0], rates[1]);
        var sorted = latencies.Order().ToList();
        return new Figure("HTTP writes, 16 clients", $"{rate:N0} req/s", "—", $"{raw:N0} ev/s", rate / raw, 0.3, Better.Higher,
            $"p50 {Measure.Percentile(sorted, 50):0.0} ms, p99 {Measure.Percentile(sorted, 99):0.0} ms over {sorted.Count:N0} requests; " +
            $"CPU per request {cpu.AppMsPerOperation:0.00} ms in the app (server, clients, daemon) and {cpu.DatabaseMsPerOperation:0.00} ms in PostgreSQL; " +
            $"{SingleAppends.Rounds} rounds alternating with the raw single-event limit (8 writers)");
    }

    private static async Task<T> Timed<T>(System.Collections.Concurrent.ConcurrentBag<double> latencies, Func<Task<T>> request)
    {
        var watch = Stopwatch.StartNew();
        var result = await request();
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    public static async Task<T> Post<T>(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
