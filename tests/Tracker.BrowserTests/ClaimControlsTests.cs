using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// The claim page's organising controls as people use them: link and unlink, withdraw an attribution, assign, tag,
/// note, archive and restore; each shown only to the roles the API lets do it, and a refusal beside its field.
/// </summary>
public sealed class ClaimControlsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_editor_links_withdraws_assigns_tags_notes_archives_and_restores_on_the_claim_page() => InBrowser(async page =>
    {
        var (claim, other, attribution, _) = await GivenTwoClaims();
        var editor = await Server.Person("Eda", [Role.Editor]);
        var checker = await Server.Person("Finn", [Role.Factchecker]);
        await SignIn(page, editor);
        await page.GotoAsync($"/claims/{claim}");

        await Open(page, "Link to another claim");
        await page.Locator("#link-relation").SelectOptionAsync("contradicts");
        await page.Locator("#link-other").SelectOptionAsync(other.ToString());
        await page.Locator("#link-note").FillAsync("The poll says otherwise");
        await Submit(page, "Link claims");
        var links = page.Locator("ul.links");
        await Expect(links).ToContainTextAsync("Contradicts");
        await Expect(links).ToContainTextAsync("Only 19% back separation");

        var attributed = page.Locator($"#attribution-{attribution}");
        await attributed.Locator("summary", new() { HasText = "Withdraw" }).ClickAsync();
        await attributed.Locator("textarea").FillAsync("Wrong speaker");
        await Submit(page, "Withdraw attribution");
        await Expect(attributed).ToContainTextAsync("withdrawn: Wrong speaker");
        await Expect(attributed.Locator(".withdrawn")).ToHaveCountAsync(1);

        await links.Locator("summary", new() { HasText = "Unlink" }).ClickAsync();
        await links.Locator("textarea").FillAsync("Different questions");
        await Submit(page, "Unlink claims");
        await Expect(page.Locator("ul.links")).ToHaveCountAsync(0);

        await Open(page, "Assign");
        await page.Locator("#assign-account").SelectOptionAsync(new SelectOptionValue { Label = checker.Name });
        await Submit(page, "Assign claim");
        await Expect(page.Locator("#assignee")).ToContainTextAsync(checker.Name);

        await Open(page, "Tags");
        await page.Locator("#tags-add").FillAsync("alberta, polling");
        await Submit(page, "Save tags");
        await Expect(page.Locator("#tags")).ToContainTextAsync("alberta");
        await Expect(page.Locator("#tags")).ToContainTextAsync("polling");
        await Open(page, "Tags");
        await page.GetByLabel("polling").CheckAsync();
        await Submit(page, "Save tags");
        await Expect(page.Locator("#tags")).ToContainTextAsync("alberta");
        await Expect(page.Locator("#tags")).Not.ToContainTextAsync("polling");

        await Open(page, "Add an internal note");
        await page.Locator("#note-text").FillAsync("Ask Pollara for the tables");
        await Submit(page, "Add note");
        await Expect(page.Locator("#notes")).ToContainTextAsync("Ask Pollara for the tables");
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = "Claim note added" })).ToContainTextAsync("Ask Pollara for the tables");

        await Open(page, "Archive this claim");
        await page.Locator("#archive-reason").FillAsync("Duplicate of the poll claim");
        await Submit(page, "Archive claim");
        await Expect(page.Locator("#archived")).ToContainTextAsync("Duplicate of the poll claim");
        await Expect(page.Locator(".badge", new() { HasText = "archived" })).ToHaveCountAsync(1);
        // An archived claim accepts nothing until restored, so its controls go.
        await Expect(page.Locator("#link")).ToHaveCountAsync(0);
        await Expect(page.Locator("summary", new() { HasText = "Add an internal note" })).ToHaveCountAsync(0);

        await Submit(page, "Restore claim");
        await Expect(page.Locator("#archived")).ToHaveCountAsync(0);
        await Expect(page.Locator(".badge", new() { HasText = "archived" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#link")).ToHaveCountAsync(1);
    });

    [Fact]
    public Task A_reporter_notes_a_claim_but_sees_none_of_the_fact_checkers_or_editors_controls() => InBrowser(async page =>
    {
        var (claim, _, attribution, reporter) = await GivenTwoClaims();
        await SignIn(page, reporter);
        await page.GotoAsync($"/claims/{claim}");

        await Expect(page.Locator($"#attribution-{attribution}")).ToContainTextAsync("Danielle Smith");
        foreach (var control in new[] { "Link to another claim", "Withdraw", "Assign", "Tags", "Archive this claim" })
            await Expect(page.Locator("summary", new() { HasText = control })).ToHaveCountAsync(0);
        await Expect(page.Locator("form[action$='/archive'], form[action$='/assign'], form[action$='/tags'], form[action$='/links']")).ToHaveCountAsync(0);

        await Open(page, "Add an internal note");
        await page.Locator("#note-text").FillAsync("Source is the Premier's office");
        await Submit(page, "Add note");
        await Expect(page.Locator("#notes")).ToContainTextAsync("Source is the Premier's office");
    });

    [Fact]
    public async Task Refused_inputs_show_their_error_beside_the_field_without_script()
    {
        var (claim, _, _, _) = await GivenTwoClaims();
        var editor = await Server.Person("Eda", [Role.Editor]);
        await InBrowser(async first =>
        {
            // The same forms in a context with script off: plain posts, the refusal drawn by the server.
            await using var context = await first.Context.Browser!.NewContextAsync(new() { BaseURL = Server.BaseUrl, JavaScriptEnabled = false });
            context.SetDefaultTimeout(20_000);
            var page = await context.NewPageAsync();
            await SignIn(page, editor);
            await page.GotoAsync($"/claims/{claim}");

            await Open(page, "Archive this claim");
            await page.Locator("#archive-reason").FillAsync("   ");
            await Submit(page, "Archive claim");
            await Expect(page.Locator("#archive-reason")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#archive-reason")).ToHaveAttributeAsync("aria-describedby", "archive-reason-error");
            await Expect(page.Locator("#archive-reason-error")).ToBeVisibleAsync();
            await Expect(page.Locator("#archived")).ToHaveCountAsync(0);

            await Open(page, "Tags");
            await page.Locator("#tags-add").FillAsync("Not A Tag!");
            await Submit(page, "Save tags");
            await Expect(page.Locator("#tags-add")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#tags-add-error")).ToContainTextAsync("is not a tag");
            await Expect(page.Locator("#tags-add")).ToHaveValueAsync("Not A Tag!");

            await Open(page, "Link to another claim");
            await page.Locator("#link-relation").SelectOptionAsync("supports");
            await Submit(page, "Link claims");
            await Expect(page.Locator("#link-other")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#link-otherClaimId-error")).ToContainTextAsync("Choose the other claim");
            await Expect(page.Locator("ul.links")).ToHaveCountAsync(0);
        });
    }

    private async Task<(Guid Claim, Guid Other, Guid Attribution, Person Reporter)> GivenTwoClaims()
    {
        var reporter = await Server.Person("Rhea", [Role.Reporter]);
        var story = await Desk.OpenStory(reporter, "Alberta separation support", "What the polls and the Premier say");
        var premier = await Desk.RegisterSource(reporter, SourceKind.Person, "Danielle Smith");
        var poll = await Desk.RegisterSource(reporter, SourceKind.Article, "Pollara poll");
        var (claim, attribution) = await Desk.LogClaim(reporter, story, "Thirty percent of Albertans back separation", premier, AttributionRole.Claimant, "thirty percent");
        var (other, _) = await Desk.LogClaim(reporter, story, "Only 19% back separation", poll, AttributionRole.Reporter, "19%");
        return (claim, other, attribution, reporter);
    }

    /// <summary>Opens a folded form by its summary; a refused form comes back open, so only a closed one is clicked.</summary>
    private static async Task Open(IPage page, string summary)
    {
        var details = page.Locator("details", new() { Has = page.Locator("summary", new() { HasTextRegex = new($"^{summary}$") }) }).First;
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").First.ClickAsync();
    }

    private static Task Submit(IPage page, string button) =>
        page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
}
