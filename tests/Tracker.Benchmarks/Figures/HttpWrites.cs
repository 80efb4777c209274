using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Commands;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// 16 clients logging claims, attributing them and proposing verdicts through the API, in alternating rounds of three
/// sides: ours (/api, the product's Wolverine endpoints), the same three requests to plain Wolverine+Marten endpoints
/// doing the same appends without our layer (<see cref="PlainEndpoints"/>, in the same host), and the raw single-event
/// limit. p50/p99 per request for both HTTP sides.
/// </summary>
public static class HttpWrites
{
    public const int Clients = 16;

    /// <summary>The floors: of the raw single-insert rate, and of the plain Wolverine+Marten endpoints.</summary>
    public const double RawFloor = 0.25, PlainFloor = 0.9;

    /// <summary>One side's three routes: log a claim in the story, attribute it, propose a verdict on it.</summary>
    internal sealed record Routes(Func<Guid, string> Claims, Func<Guid, string> Attributions, Func<Guid, string> Verdicts);

    internal static readonly Routes Ours = new(
        story => $"/api/stories/{story}/claims", claim => $"/api/claims/{claim}/attributions", claim => $"/api/claims/{claim}/verdicts");

    private static readonly Routes Plain = new(
        story => $"{PlainEndpoints.Prefix}/stories/{story}/claims", claim => $"{PlainEndpoints.Prefix}/claims/{claim}/attributions",
        claim => $"{PlainEndpoints.Prefix}/claims/{claim}/verdicts");

    public static async Task<Figure> Run(BenchApp app, Bench bench, Sizes sizes)
    {
        // One account and token for both sides: the same bearer check and roles on every request.
        var client = await app.Client(Role.Factchecker);
        var story = await Post<JsonElement>(client, "/api/stories", new { title = "Bench story", summary = "HTTP write load" });
        var source = await Post<JsonElement>(client, "/api/sources", new { kind = "article", name = "Financial Times report", outlet = "Financial Times" });
        var storyId = story.GetProperty("id").GetGuid();
        var sourceId = source.GetProperty("id").GetGuid();

        // A first request of each side before the rounds: the plain endpoints' code is compiled then, not in a round.
        await Requests(client, Ours, storyId, sourceId, "first", null);
        await Requests(client, Plain, storyId, sourceId, "first", null);
        // The plain side pays the same authentication as ours: without the token it is refused.
        using (var anonymous = new HttpClient { BaseAddress = app.Address })
        {
            var refused = await anonymous.PostAsJsonAsync(Plain.Claims(storyId), new { text = "Unauthenticated claim" });
            if (refused.StatusCode != HttpStatusCode.Unauthorized)
                throw new InvalidOperationException($"A plain endpoint without a token answered {(int)refused.StatusCode}, not 401: the sides would not pay the same authentication.");
        }
        await app.Quiet();

        var (oursLatencies, plainLatencies) = (new ConcurrentBag<double>(), new ConcurrentBag<double>());
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, plainCpu) = (new CpuTally(postmaster), new CpuTally(postmaster));
        double[] rates;
        // The figure is the request and its append, as for single appends: the daemon's share of the events is the lag
        // figure's. Running, it would project one side's events during the next side's round, and the plain events
        // (without our headers) cost it less than ours.
        await using (await app.PauseDaemon())
        {
            // The three sides alternate round by round, so a noisy moment on a shared machine falls on all alike.
            rates = await Measure.AlternatingRates(SingleAppends.Rounds, sizes.AppendDuration * 3, [
                duration => oursCpu.Round(() => Load(client, Ours, storyId, sourceId, duration, oursLatencies)),
                duration => plainCpu.Round(() => Load(client, Plain, storyId, sourceId, duration, plainLatencies)),
                duration => Measure.Count(SingleAppends.Writers, duration, SingleAppends.RawInsert(bench)),
            ], warmedUp: () =>
            {
                oursLatencies.Clear();
                plainLatencies.Clear();
                oursCpu.Clear();
                plainCpu.Clear();
            });
        }
        // Resumed: the daemon projects what the rounds appended before the next figure (the lag figure measures beside it).
        await app.Quiet();
        var (ours, plain, raw) = (rates[0], rates[1], rates[2]);
        return new Figure("HTTP writes, 16 clients", $"{ours:N0} req/s", $"{plain:N0} req/s", $"{raw:N0} ev/s", ours / raw, RawFloor, Better.Higher,
            $"log a claim, attribute it, propose a verdict: /api (ours) vs plain Wolverine+Marten endpoints doing the same appends " +
            $"in the same host (same token check, tenancy, Marten session and transactional middleware; no rules, hash chain, idempotency, If-Match) " +
            $"vs the raw single-event limit (8 writers); ours {Latency(oursLatencies)}, plain {Latency(plainLatencies)}; " +
            $"CPU per request in the app (server and clients) / PostgreSQL: ours {oursCpu.AppMsPerOperation:0.00} / {oursCpu.DatabaseMsPerOperation:0.00} ms, " +
            $"plain {plainCpu.AppMsPerOperation:0.00} / {plainCpu.DatabaseMsPerOperation:0.00} ms; {SingleAppends.Rounds} alternating rounds of each, the app's daemon paused")
        { PlainRatio = ours / plain, PlainTarget = PlainFloor, PlainVsRaw = plain / raw };
    }

    private static string Latency(ConcurrentBag<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        return $"p50 {Measure.Percentile(sorted, 50):0.0} ms, p99 {Measure.Percentile(sorted, 99):0.0} ms over {sorted.Count:N0} requests";
    }

    /// <summary><see cref="Clients"/> clients for the duration, each logging, attributing and rating claims; returns the requests made.</summary>
    internal static async Task<long> Load(HttpClient client, Routes routes, Guid storyId, Guid sourceId, TimeSpan duration, ConcurrentBag<double> latencies)
    {
        long requests = 0;
        await Measure.Count(Clients, duration, async (c, i) =>
        {
            await Requests(client, routes, storyId, sourceId, $"{c}/{i}", latencies);
            Interlocked.Add(ref requests, 3);
        });
        return requests;
    }

    /// <summary>The three requests, with the same bodies on both sides.</summary>
    private static async Task Requests(HttpClient client, Routes routes, Guid storyId, Guid sourceId, string n, ConcurrentBag<double>? latencies)
    {
        var claim = await Timed(latencies, () => Post<JsonElement>(client, routes.Claims(storyId), new { text = $"Claim {n}: about 30% support sovereignty" }));
        var id = claim.GetProperty("id").GetGuid();
        await Timed(latencies, () => Post<JsonElement>(client, routes.Attributions(id), new { sourceId, role = "reporter", quote = "about 30% support" }));
        await Timed(latencies, () => Post<JsonElement>(client, routes.Verdicts(id),
            new { rating = "mostly_false", summary = "Pollara found 19%", evidence = new[] { new { note = "Pollara poll, January 2026" } } }));
    }

    private static async Task<T> Timed<T>(ConcurrentBag<double>? latencies, Func<Task<T>> request)
    {
        var watch = Stopwatch.StartNew();
        var result = await request();
        latencies?.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    public static async Task<T> Post<T>(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
