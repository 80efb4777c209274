using System.Diagnostics;
using JasperFx.Events;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// Issue 19, item 9, as absolute limits rather than ratios: the story page with 100 claims and 350 sources renders in
/// under 300 ms, and a 4,000-claim story is replayed (read as it stood) and diffed in under 1 s. Each figure's ratio is
/// the median time over the limit (at most 1.0 meets it). The givens are written through the ledger's bulk append.
/// </summary>
public static class StoryAtScale
{
    private const int Runs = 15;
    private static readonly EventMetadata By = new("Bench Reporter <00000000-0000-0000-0000-000000000002>");

    public static async Task<IReadOnlyList<Figure>> Run(BenchApp app, bool quick)
    {
        var figures = new List<Figure>();
        var (page, pageClient) = await Story(app, "scale-page", claims: 100, sources: 350);
        await app.Quiet();
        var (ms, bytes) = await Median(pageClient, $"/stories/{page.Story}", html: true);
        figures.Add(Limit("Story page, 100 claims × 350 sources", ms, 300, $"{bytes / 1024} KB (limit 1,024 KB)"));

        var claims = quick ? 400 : 4_000;
        var (large, client) = await Story(app, "scale-replay", claims, sources: 50);
        await app.Quiet();
        var (replay, replayBytes) = await Median(client, $"/api/stories/{large.Story}?asOf={Uri.EscapeDataString(large.Halfway.ToString("O"))}");
        figures.Add(Limit($"Replay: a {claims:N0}-claim story as it stood", replay, 1000, $"{replayBytes / 1024} KB"));
        var from = Uri.EscapeDataString(large.Halfway.ToString("O"));
        var (diff, diffBytes) = await Median(client, $"/api/stories/{large.Story}/diff?from={from}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}");
        figures.Add(Limit($"Diff: a {claims:N0}-claim story between two moments", diff, 1000, $"{diffBytes / 1024} KB"));
        return figures;
    }

    private static Figure Limit(string name, double ms, double limit, string detail) =>
        new(name, $"{ms:0} ms", "—", $"limit {limit:0} ms", ms / limit, 1.0, Better.Lower, $"median of {Runs}; {detail}");

    private sealed record Given(Guid Story, DateTimeOffset Halfway);

    /// <summary>A newsroom with its sources and one story whose claims each carry one attribution; half of them logged before Halfway.</summary>
    private static async Task<(Given, HttpClient)> Story(BenchApp app, string slug, int claims, int sources)
    {
        await FirstStart.OpenNewsroom(app.Services, slug, slug, CancellationToken.None);
        var ledger = app.Ledger;
        var sourceIds = Enumerable.Range(0, sources).Select(_ => Guid.CreateVersion7()).ToList();
        await ledger.BulkAppend(slug, [.. sourceIds.Select((id, i) => new StreamAppend(id, SourceEventTypes.StreamType, ExpectedVersion.NoStream,
            [new SourceRegistered(SourceKind.Article, $"Report number {i:000} on Alberta and the US", $"https://example.org/{i}", $"Outlet {i % 40}", null, null)], By))]);
        var story = Guid.CreateVersion7();
        await ledger.Append(slug, new StreamAppend(story, StoryEventTypes.StreamType, ExpectedVersion.NoStream,
            [new StoryOpened("Alberta and the US, at scale", "Many claims, many sources")], By));
        var halfway = DateTimeOffset.MinValue;
        for (var start = 0; start < claims; start += 500)
        {
            if (start >= claims / 2 && halfway == DateTimeOffset.MinValue)
            {
                halfway = DateTimeOffset.UtcNow;
                await Task.Delay(10);
            }
            var batch = Enumerable.Range(start, Math.Min(500, claims - start)).ToList();
            await ledger.BulkAppend(slug, [.. batch.Select(c => new StreamAppend(Guid.CreateVersion7(), ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
                [new ClaimLogged(story, $"Claim {c:0000}: about {c % 90} percent of Albertans back the referendum", null),
                 new AttributionAdded(Guid.CreateVersion7(), sourceIds[c % sources], AttributionRole.Claimant, $"We said it ({c})", null, null)], By))]);
        }
        if (halfway == DateTimeOffset.MinValue) halfway = DateTimeOffset.UtcNow;
        return (new Given(story, halfway), await app.ClientOf(slug, Role.Reporter));
    }

    /// <summary>The median answer time of a GET after two warm-up calls, and the answer's size.</summary>
    private static async Task<(double Ms, long Bytes)> Median(HttpClient client, string path, bool html = false)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = -2; run < Runs; run++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (html) request.Headers.Accept.ParseAdd("text/html");
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            clock.Stop();
            response.EnsureSuccessStatusCode();
            bytes = body.Length;
            if (run >= 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], bytes);
    }
}
