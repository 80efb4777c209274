using System.Net;
using System.Text.Json;
using Tracker.Tests.Support;

namespace Tracker.Tests.Demo;

/// <summary>The demo read by the world's clock walks through the weeks of January to March 2026 the articles cover.</summary>
public sealed partial class DemoThroughTheApiTests
{
    private static readonly DateTimeOffset FirstOfFebruary = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_demo_records_when_each_claim_was_made_in_the_world()
    {
        demo.Claims.ShouldAllBe(c => Has(c, "claimedAt"));
        demo.Claims.Select(c => c.GetProperty("claimedAt").GetDateTimeOffset())
            .ShouldAllBe(at => at >= new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) && at < new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task On_the_first_of_February_the_story_holds_only_the_claims_made_by_then()
    {
        var then = await WorldRead("2026-02-01T00:00:00Z");

        var expected = demo.Claims.Where(c => c.GetProperty("claimedAt").GetDateTimeOffset() <= FirstOfFebruary).Select(c => c.Id()).ToList();
        expected.Count.ShouldBeLessThan(demo.Claims.Count, "some demo claims were made in February and March");
        Array(then, "claims").Select(c => c.Id()).ShouldBe(expected, ignoreOrder: true);
        Array(then, "claims").ShouldAllBe(c => !Has(c, "publishedVerdict"), "the demo's verdicts were given when it was loaded");
        Array(then, "claims").ShouldContain(c => c.GetProperty("attributions").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_later_world_date_shows_more_and_by_the_recorded_clock_the_story_was_not_there()
    {
        var early = Array(await WorldRead("2026-02-01T00:00:00Z"), "claims").Count();
        var march = Array(await WorldRead("2026-03-31T00:00:00Z"), "claims").Count();

        march.ShouldBeGreaterThan(early);
        march.ShouldBe(demo.Claims.Count);
        await demo.App.Scenario(s =>
        {
            s.WithBearerToken(demo.Editor);
            s.Get.Url($"/api/stories/{demo.StoryId}?asOf=2026-02-01T00:00:00Z");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    private Task<JsonElement> WorldRead(string asOf) => demo.App.GetJson(demo.Editor, $"/api/stories/{demo.StoryId}?asOf={asOf}&clock=world");
}
