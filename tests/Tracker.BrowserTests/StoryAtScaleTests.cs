using Microsoft.Playwright;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// Issue 19, item 9: a story page grows with its claims, not claims × sources (one source list, claims a page at a
/// time), and no page scrolls sideways on a 375 px phone. How fast it renders is the benchmark program's business.
/// </summary>
public sealed class StoryAtScaleTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_story_with_100_claims_and_350_sources_is_under_a_megabyte_and_pages_its_claims() => InBrowser(async page =>
    {
        // Its own newsroom: 350 sources would crowd every other test's pickers.
        var reporter = await Server.Person("Scale", [Role.Reporter], await Server.OtherNewsroom());
        var sources = new List<Guid>();
        for (var i = 0; i < 350; i++)
            sources.Add(await Desk.RegisterSource(reporter, SourceKind.Article, $"Outlet report number {i:000}", $"Outlet {i % 40}"));
        var story = await Desk.OpenStory(reporter, "A story at scale", "One hundred claims, three hundred and fifty sources");
        var claims = new List<Guid>();
        for (var i = 0; i < 100; i++)
            claims.Add((await Desk.LogClaim(reporter, story, $"Claim number {i:000} about the referendum", sources[i * 3], AttributionRole.Claimant,
                $"quote {i}")).Claim);

        await SignIn(page, reporter);
        var response = await page.GotoAsync($"/stories/{story}");
        (await response!.BodyAsync()).Length.ShouldBeLessThan(1_000_000);
        await Expect(page.Locator("li.claim-card")).ToHaveCountAsync(25);
        await Expect(page.Locator(".pager").First).ToContainTextAsync("Claims 1–25 of 100");
        (await page.Locator("#claim-source option").CountAsync()).ShouldBe(351, "the log-a-claim picker lists every source once");

        // A claim's attribution form takes the shared list when it is opened.
        var card = page.Locator($"#claim-{claims[0]}");
        (await card.Locator("select[name=sourceId] option").CountAsync()).ShouldBe(1);
        await card.GetByText("Add an attribution").ClickAsync();
        await Expect(card.Locator("select[name=sourceId] option")).ToHaveCountAsync(351);

        // The last page holds the last claim; a link to a claim opens the page it is on.
        await page.Locator(".pager").First.GetByRole(AriaRole.Link, new() { Name = "4", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#claim-{claims[99]}")).ToBeVisibleAsync();
        await page.GotoAsync($"/stories/{story}?claim={claims[60]}");
        await Expect(page.Locator($"#claim-{claims[60]}")).ToBeVisibleAsync();
        await Expect(page.Locator(".pager").First).ToContainTextAsync("Claims 51–75 of 100");
    });

    [Fact]
    public Task No_page_scrolls_sideways_on_a_375_px_screen() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Narrow", [Role.Reporter, Role.Factchecker, Role.Editor, Role.Admin]);
        var story = await Desk.OpenStory(reporter, "A narrow screen story with a rather long title that has to wrap somewhere",
            "Read on a phone on the way to the newsroom");
        var source = await Desk.RegisterSource(reporter, SourceKind.Article, "A source with a long name and an outlet", "The Long Outlet Name Weekly");
        var (claim, _) = await Desk.LogClaim(reporter, story,
            "Aclaimwithaverylongunbrokenwordthatcouldpushthepagewiderthanthephoneifnothingwrapsit and some ordinary words after it",
            source, AttributionRole.Claimant, "a quote that is long enough to wrap over more than one line on a narrow phone screen");
        await Desk.Propose(reporter, claim, "half_true", "Partly right");
        await Desk.RecordSnapshot(reporter, source, new string('e', 64), "https://archive.example.org/a-very-long-archive-path-without-any-break-in-it");

        await page.SetViewportSizeAsync(375, 740);
        await SignIn(page, reporter);
        string[] pages = ["/", $"/stories/{story}", $"/claims/{claim}", "/claims?q=narrow", $"/stories/{story}/replay", "/corrections",
            $"/sources/{source}", "/me", "/verify", "/accounts"];
        var wide = new List<string>();
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            // The widest element names the culprit when one is too wide.
            var found = await page.EvaluateAsync<string?>("""
                () => document.documentElement.scrollWidth <= window.innerWidth ? null :
                  document.documentElement.scrollWidth + " px, widest: " + [...document.querySelectorAll("body *")]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth)
                    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""))
                    .slice(0, 5).join(", ")
                """);
            if (found is not null) wide.Add($"{path}: {found}");
        }
        wide.ShouldBeEmpty("pages that scroll sideways on a 375 px screen");
    });
}
