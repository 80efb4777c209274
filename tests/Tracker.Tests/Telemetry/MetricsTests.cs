using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Tracker.Tests.Support;

namespace Tracker.Tests.Telemetry;

/// <summary>
/// A metrics test runs alone: OpenTelemetry merges the same instrument of every host in this process into one stream,
/// and another test's host stopping ends that stream for all (the request histogram vanished once in a full run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}

/// <summary>/metrics: Prometheus text with ASP.NET Core's request metrics and Tracker's own counters, for allowed readers only.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsApp metrics) : IClassFixture<MetricsApp>
{
    private TrackerAppFactory App => metrics.App;

    [Fact]
    public async Task A_scrape_shows_request_metrics_and_counts_a_write_and_a_failed_sign_in()
    {
        var scraper = App.Client(MetricsApp.Token);
        var before = await Scrape(scraper);
        var (editor, account) = await App.As(Commands.Role.Editor);
        await editor.Post("/api/stories", new { title = "Counted", summary = "One story opened" });
        (await App.Client().SignIn(account.Name, "not the password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var response = await scraper.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var after = await response.Content.ReadAsStringAsync();
        after.Contains("http_server_request_duration_seconds_bucket", StringComparison.Ordinal).ShouldBeTrue(after);
        Value(after, "tracker_events_appended_total", "event_type=\"story_opened\"")
            .ShouldBeGreaterThanOrEqualTo(Value(before, "tracker_events_appended_total", "event_type=\"story_opened\"") + 1);
        Value(after, "tracker_signin_failures_total", "reason=\"credentials\"")
            .ShouldBeGreaterThanOrEqualTo(Value(before, "tracker_signin_failures_total", "reason=\"credentials\"") + 1);
    }

    [Fact]
    public async Task A_scrape_shows_each_async_projections_backlog_and_the_outbox()
    {
        var scraper = App.Client(MetricsApp.Token);
        string text;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20); // the sampler reads the database every 5 s
        do text = await Scrape(scraper);
        while (!text.Contains("tracker_projection_pending{", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        foreach (var projection in Features.AsyncProjections().Select(p => p.Name))
        {
            Samples(text, "tracker_projection_pending", $"projection=\"{projection}\"").ShouldHaveSingleItem(text);
            Samples(text, "tracker_projection_lag_seconds", $"projection=\"{projection}\"").ShouldHaveSingleItem(text);
        }
        foreach (var state in new[] { "outgoing", "incoming", "scheduled" })
            Samples(text, "tracker_outbox_depth", $"state=\"{state}\"").ShouldHaveSingleItem(text);
        text.ShouldContain("\ntracker_outbox_dead_letters");
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, HttpStatusCode.OK)]
    [InlineData("::1", null, null, HttpStatusCode.OK)]
    [InlineData("::ffff:127.0.0.1", null, null, HttpStatusCode.OK)]
    [InlineData("203.0.113.7", MetricsApp.Token, null, HttpStatusCode.OK)]
    [InlineData("203.0.113.7", null, null, HttpStatusCode.Forbidden)]
    [InlineData("203.0.113.7", "a guessed token", null, HttpStatusCode.Forbidden)]
    [InlineData("10.0.0.8", null, null, HttpStatusCode.Forbidden)] // a private network is not this machine
    [InlineData("127.0.0.1", null, "X-Forwarded-For", HttpStatusCode.Forbidden)] // a proxy on this machine, for someone else
    [InlineData("127.0.0.1", null, "Forwarded", HttpStatusCode.Forbidden)]
    [InlineData(null, null, null, HttpStatusCode.Forbidden)]
    public async Task Only_this_machine_or_the_scrape_token_may_read_metrics(string? peer, string? token, string? proxyHeader, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (peer is not null) request.Headers.Add(MetricsApp.PeerHeader, peer);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (proxyHeader is not null) request.Headers.Add(proxyHeader, "198.51.100.9");
        (await App.Client().SendAsync(request)).StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task A_newsroom_admin_is_refused_the_process_wide_metrics()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { MetricsApp.PeerHeader, "203.0.113.7" } } };
        (await App.Admin.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<string> Scrape(HttpClient scraper)
    {
        var response = await scraper.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples that carry the label (0 when there are none yet).</summary>
    private static double Value(string text, string name, string label) =>
        Samples(text, name, label).Sum();

    /// <summary>The values of a metric's samples that carry the label, in whatever order the exporter writes labels.</summary>
    private static List<double> Samples(string text, string name, string label) =>
        text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
}
