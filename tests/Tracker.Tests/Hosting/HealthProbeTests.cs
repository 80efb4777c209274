using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Hosting;

/// <summary>
/// /health is anonymous and each probe is about a dozen queries per database: callers asking at once share a probe, so
/// a flood of anonymous requests costs the database one probe at a time, not one per request.
/// </summary>
public sealed class HealthProbeTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const int Callers = 40;

    [Fact]
    public async Task Callers_asking_at_once_share_probes_and_each_gets_the_whole_answer()
    {
        var probe = app.Services.GetRequiredService<HealthProbe>();
        var client = app.Host.Server.CreateClient();
        var before = probe.Probes;

        var answers = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => client.GetAsync("/health")));

        foreach (var answer in answers)
        {
            ((int)answer.StatusCode).ShouldBe(200);
            var health = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            health.GetProperty("status").GetString().ShouldBe("ok");
            health.GetProperty("projections").GetArrayLength().ShouldBeGreaterThan(0);
        }
        // One probe running and one queued behind it at any moment: a few in all, however the requests interleave.
        (probe.Probes - before).ShouldBeLessThan(Callers / 4, $"{Callers} callers at once");
    }

    [Fact]
    public async Task A_caller_after_a_probe_gets_a_probe_of_its_own()
    {
        var probe = app.Services.GetRequiredService<HealthProbe>();
        var before = probe.Probes;
        for (var i = 0; i < 3; i++) await app.Scenario(s => s.Get.Url("/health"));
        (probe.Probes - before).ShouldBe(3, "nothing is served from an earlier reading");
    }
}
