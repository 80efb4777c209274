using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Tracker.Commands;
using Tracker.Demo;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// The demo story replayed by the world's clock walks through the weeks the articles cover: the tariff threat of
/// 24 January first, then the claims of 29 and 30 January, then February's; slider and step links keep the clock.
/// </summary>
public sealed class ReplayByWorldTimeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task The_demo_replays_week_by_week_in_the_worlds_time() => InBrowser(async page =>
    {
        var script = DemoScript.Shipped();
        var demo = await DemoLoader.From(Server.Services).Load(WorkbenchServer.DefaultNewsroom, script);
        var editor = demo.Accounts.First(a => a.Roles.Contains(Role.Editor));
        await SignIn(page, new Person(new Actor(editor.AccountId, editor.Name, demo.Newsroom, editor.Roles.ToHashSet()), demo.Password, demo.Newsroom));
        int MadeBy(int month, int day) => script.Claims.Count(c => c.ClaimedAt <= new DateOnly(2026, month, day));

        await page.GotoAsync($"/stories/{demo.StoryId}/replay");
        var moment = page.Locator("#moment");
        var claims = page.Locator("#replay-state .claim-card");
        await Expect(moment).ToHaveAttributeAsync("data-clock", "recorded");
        await page.GetByRole(AriaRole.Link, new() { Name = "By the world's time" }).ClickAsync();
        await Expect(moment).ToHaveAttributeAsync("data-clock", "world");

        await page.GetByRole(AriaRole.Link, new() { Name = "« First" }).ClickAsync();
        await Expect(moment).ToHaveAttributeAsync("data-at", new System.Text.RegularExpressions.Regex("^2026-01-24T"));
        await Expect(claims).ToHaveCountAsync(MadeBy(1, 24));

        await page.Locator("#at").FillAsync("3"); // the slider keeps the world's clock
        await Expect(moment).ToHaveAttributeAsync("data-at", new System.Text.RegularExpressions.Regex("^2026-01-30T"));
        await Expect(moment).ToHaveAttributeAsync("data-clock", "world");
        await Expect(claims).ToHaveCountAsync(MadeBy(1, 30));
        // The demo's verdicts were given when it was loaded, not in January.
        await Expect(page.Locator("#replay-state .badge[data-rating]:not([data-rating=none])")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync();
        await Expect(moment).ToHaveAttributeAsync("data-at", new System.Text.RegularExpressions.Regex("^2026-02-05T"));
        await Expect(claims).ToHaveCountAsync(MadeBy(2, 5));
        MadeBy(2, 5).ShouldBeGreaterThan(MadeBy(1, 30));

        await page.GetByRole(AriaRole.Link, new() { Name = "By the record" }).ClickAsync();
        await Expect(moment).ToHaveAttributeAsync("data-clock", "recorded");
    });
}
