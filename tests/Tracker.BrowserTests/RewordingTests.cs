using Microsoft.Playwright;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>On a rated claim the wording form proposes; another editor approves on the claim page, and only then the text changes.</summary>
public sealed class RewordingTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_rated_claims_rewording_waits_on_the_claim_page_for_another_editors_approval() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rhea", [Role.Reporter]);
        var editor = await Server.Person("Eli", [Role.Editor]);
        var second = await Server.Person("Eve", [Role.Editor]);
        var story = await Desk.OpenStory(reporter, "Rewording story", "Wording of rated claims");
        var source = await Desk.RegisterSource(reporter, SourceKind.Article, "Rewording source");
        var (claim, _) = await Desk.LogClaim(reporter, story, "Officials met three times since April", source, AttributionRole.Claimant, "three times");
        await Desk.Approve(second, claim, await Desk.Propose(editor, claim, "mostly_true", "Confirmed by the FT"));

        await SignIn(page, editor);
        await page.GotoAsync($"/claims/{claim}");
        await page.Locator("#text-text").FillAsync("Officials met three times since April 2025");
        await page.Locator("#text-reason").FillAsync("Give the year");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save wording" }).ClickAsync();
        await Expect(page.Locator("#text-correction")).ToContainTextAsync("Officials met three times since April 2025");
        await Expect(page.Locator("#text-correction")).ToContainTextAsync("another editor signs it off");
        await Expect(page.Locator("h1")).ToContainTextAsync("Officials met three times since April");

        await SwitchTo(page, second);
        await page.GotoAsync($"/claims/{claim}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve rewording" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("since April 2025");
        await Expect(page.Locator("#text-correction")).ToHaveCountAsync(0);
    });
}
