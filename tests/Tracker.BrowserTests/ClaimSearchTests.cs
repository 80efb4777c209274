using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.Store;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// The Claims page finds a claim by a misspelt word within a story and sorts by a column; logging a restatement
/// suggests the claim it restates as one types, and one click logs it linked as restating that claim.
/// </summary>
public sealed class ClaimSearchTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Poll = "Only 19% of Albertans would vote for secession.";
    private const string Meetings = "US officials have met multiple times with Alberta separatists seeking independence.";
    private const string Oil = "Oil sands account for about 84 percent of crude production.";

    private async Task<(Person Checker, Guid Story, Guid Poll, Guid Meetings)> Seed()
    {
        var reporter = await Server.Person("Sami", [Role.Reporter]);
        var checker = await Server.Person("Cato", [Role.Reporter, Role.Factchecker]);
        var story = await Desk.OpenStory(reporter, $"Search story {Guid.NewGuid():N}", "Polls and meetings");
        var source = await Desk.RegisterSource(reporter, SourceKind.Poll, "Pollara poll of Albertans");
        var (poll, _) = await Desk.LogClaim(reporter, story, Poll, source, AttributionRole.Claimant, "19 percent");
        var (meetings, _) = await Desk.LogClaim(reporter, story, Meetings, source, AttributionRole.Cited, "met separatists");
        await Desk.LogClaim(reporter, story, Oil, source, AttributionRole.Cited, "84 percent");
        return (checker, story, poll, meetings);
    }

    [Fact]
    public Task The_search_box_finds_a_misspelt_word_and_the_table_sorts() => InBrowser(async page =>
    {
        var (checker, story, _, meetings) = await Seed();
        await SignIn(page, checker);
        await page.GetByRole(AriaRole.Link, new() { Name = "Claims", Exact = true }).ClickAsync();
        await page.GetByLabel("Search claims, quotes and sources").FillAsync("Albreta");
        await page.GetByLabel("Story").SelectOptionAsync(story.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("#claim-table tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByRole(AriaRole.Link, new() { Name = Meetings })).ToHaveAttributeAsync("href", $"/claims/{meetings}");
        await Expect(page.Locator("#claim-count")).ToContainTextAsync("1 claim matching “Albreta”");

        await page.GetByLabel("Search claims, quotes and sources").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Claim", Exact = true }).ClickAsync();
        await Expect(page.Locator("th[aria-sort=ascending]")).ToHaveTextAsync("Claim");
        (await rows.Locator("td:first-child").AllTextContentsAsync()).ShouldBe([Oil, Poll, Meetings]);
    });

    [Fact]
    public Task Typing_a_restatement_suggests_the_claim_and_one_click_links_it() => InBrowser(async page =>
    {
        var (checker, story, poll, _) = await Seed();
        await SignIn(page, checker);
        await page.GotoAsync($"/stories/{story}");
        await page.Locator("#claim-text").PressSequentiallyAsync("Nineteen per cent of Albertans support leaving Canada");
        var first = page.Locator("#similar-claims li").First;
        await Expect(first).ToHaveAttributeAsync("data-similar-claim", poll.ToString());
        await first.GetByRole(AriaRole.Button, new() { Name = "Log as restating this" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("#claim-"));

        var ledger = Server.Services.GetRequiredService<Ledger>();
        var restated = (await ledger.Load<Claim>(checker.Newsroom, poll, CancellationToken.None))!.State;
        var link = restated.Links.ShouldHaveSingleItem();
        link.Relation.ShouldBe(LinkRelation.Restates);
        var logged = (await ledger.Load<Claim>(checker.Newsroom, link.OtherClaimId, CancellationToken.None))!.State;
        logged.Text.ShouldBe("Nineteen per cent of Albertans support leaving Canada");
        logged.StoryId.ShouldBe(story);
    });

    [Fact]
    public Task A_reporter_sees_the_suggestions_but_may_not_link() => InBrowser(async page =>
    {
        var (_, story, poll, _) = await Seed();
        var reporter = await Server.Person("Remy", [Role.Reporter]);
        await SignIn(page, reporter);
        await page.GotoAsync($"/stories/{story}");
        await page.Locator("#claim-text").PressSequentiallyAsync("19% of Albertans back separation");
        await Expect(page.Locator("#similar-claims li").First).ToHaveAttributeAsync("data-similar-claim", poll.ToString());
        await Expect(page.Locator("#similar-claims button")).ToHaveCountAsync(0);

        // A forged button is refused before anything is logged.
        await page.EvaluateAsync("""
            value => {
                const button = Object.assign(document.createElement("button"), { type: "submit", name: "linkAs", value });
                document.getElementById("similar-claims").append(button);
                button.click();
            }
            """, $"restates:{poll}");
        await Expect(page.Locator("#log-claim-linkAs-error")).ToContainTextAsync("Only a fact-checker or an editor links claims");
        var claims = await Server.Services.GetRequiredService<Tracker.Web.WorkbenchQueries>().ClaimsOf(reporter.Newsroom, story, CancellationToken.None);
        claims.Count.ShouldBe(3);
    });

    [Fact]
    public Task A_link_to_a_claim_the_newsroom_does_not_have_is_refused_before_the_claim_is_logged() => InBrowser(async page =>
    {
        var (_, story, _, _) = await Seed();
        var checker = await Server.Person("Fern", [Role.Factchecker]);
        await SignIn(page, checker);
        await page.GotoAsync($"/stories/{story}");
        await page.Locator("#claim-text").FillAsync("A claim that would be linked to nothing");
        await page.EvaluateAsync("""
            value => {
                const button = Object.assign(document.createElement("button"), { type: "submit", name: "linkAs", value });
                document.getElementById("similar-claims").append(button);
                button.click();
            }
            """, $"restates:{Guid.NewGuid()}");
        await Expect(page.Locator("#log-claim-linkAs-error")).ToContainTextAsync("No such claim in this newsroom");
        var claims = await Server.Services.GetRequiredService<Tracker.Web.WorkbenchQueries>().ClaimsOf(checker.Newsroom, story, CancellationToken.None);
        claims.Count.ShouldBe(3, "nothing was logged");
    });
}
