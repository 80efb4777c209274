using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public Task A_verdict_cites_a_registered_source_and_its_retraction_returns_the_claim_to_the_editors_board() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rhea", [Role.Reporter]);
        var factchecker = await Server.Person("Fitz", [Role.Factchecker]);
        var editor = await Server.Person("Elio", [Role.Editor]);
        var story = await Desk.OpenStory(reporter, "Cited source story", "Evidence from the registry");
        var cited = $"Pollara tables {Guid.NewGuid():N}";
        var source = await Desk.RegisterSource(reporter, SourceKind.Poll, cited, url: "https://example.org/pollara");
        var (claim, _) = await Desk.LogClaim(reporter, story, $"19% back separation {Guid.NewGuid():N}", source, AttributionRole.Claimant, "19 per cent");

        await SignIn(page, factchecker);
        await page.GotoAsync($"/claims/{claim}");
        await page.Locator("#propose-rating").SelectOptionAsync("half_true");
        await page.Locator("#propose-summary").FillAsync("One poll, within its margin of error.");
        await page.Locator("#evidence-source-1").SelectOptionAsync(source.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose verdict" }).ClickAsync();
        await Expect(page.Locator(".verdict.pending .cited-source a")).ToHaveTextAsync(cited);

        var verdict = await PendingVerdictOf(factchecker, claim);
        await Desk.Approve(editor, claim, verdict);
        await Desk.RetractSource(factchecker, source, "Pollara withdrew the tables");

        await SwitchTo(page, editor);
        var item = page.Locator($"li[data-claim='{claim}'][data-kind='cited_source_changed']");
        await Expect(item).ToContainTextAsync($"cited source retracted: {cited}");
        await Expect(item).ToContainTextAsync("Pollara withdrew the tables");
        await item.Locator("a").ClickAsync();
        await Expect(page.Locator(".verdict.published .cited-source")).ToContainTextAsync("(retracted)");
    });

    /// <summary>The verdict the form proposed: its id is made in the page, so it is read back from the claim.</summary>
    private async Task<Guid> PendingVerdictOf(Person of, Guid claim)
    {
        var state = await Server.Services.GetRequiredService<Tracker.Store.Ledger>().Load<Claim>(of.Newsroom, claim);
        return state.ShouldNotBeNull().State.PendingVerdict.ShouldNotBeNull().VerdictId;
    }
}
