using Microsoft.Playwright;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>An editor's first page says what awaits their sign-off, and one click opens the claim with its pending verdict.</summary>
public sealed class SignOffQueueTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task The_board_lists_what_awaits_the_editors_sign_off_with_its_count() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Quinn", [Role.Reporter]);
        var factchecker = await Server.Person("Faye", [Role.Factchecker]);
        var editor = await Server.Person("Edda", [Role.Editor]);
        var story = await Desk.OpenStory(reporter, "Queue story", "What awaits sign-off");
        var source = await Desk.RegisterSource(reporter, SourceKind.Article, "Queue source");
        var (claim, _) = await Desk.LogClaim(reporter, story, $"A claim awaiting sign-off {Guid.NewGuid():N}", source, AttributionRole.Claimant, "said so");
        await Desk.Propose(factchecker, claim, "half_true", "Partly right");

        await SignIn(page, editor);
        var count = int.Parse((await page.Locator("#queue-count").TextContentAsync())!);
        count.ShouldBeGreaterThanOrEqualTo(1);
        await page.Locator($"li[data-claim='{claim}'] a").ClickAsync();
        page.Url.ShouldContain($"/claims/{claim}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeVisibleAsync();
    });
}
