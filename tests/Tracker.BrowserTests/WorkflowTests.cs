using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>The fact-checking workflow as people do it in the browser: sign in, log, attribute, propose, sign off, correct, replay.</summary>
public sealed class WorkflowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Signing_in_by_keyboard_lands_on_the_board_and_a_wrong_password_is_refused() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);

        await page.GotoAsync("/");
        page.Url.ShouldContain("/login");
        await page.GetByLabel("Name").FillAsync(reporter.Name);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByLabel("Password").PressAsync("Enter");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("do not match");

        // Keyboard only: the name field has focus, Tab reaches the password, Enter submits.
        await page.GetByLabel("Name").FillAsync("");
        await page.GetByLabel("Name").FocusAsync();
        await page.Keyboard.TypeAsync(reporter.Name);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(reporter.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveTitleAsync("Stories · Tracker");
        await Expect(page.Locator(".who")).ToContainTextAsync(reporter.Name);
    });

    [Fact]
    public Task A_reporter_logs_a_claim_with_a_quote_and_a_relay_chain() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);
        await SignIn(page, reporter);

        await page.Locator("#story-title").FillAsync("US officials met Alberta separatists");
        await page.Locator("#story-summary").FillAsync("Reports that State Department officials met the Alberta Prosperity Project.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open story" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("US officials met Alberta separatists");

        await RegisterSource(page, "Jeff Rath", "person");
        await page.Locator("#claim-text").FillAsync("APP leaders met State Department officials three times since April 2025.");
        await page.Locator("#claim-role").SelectOptionAsync("claimant");
        await page.Locator("#claim-quote").FillAsync("We have met with them three times");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log claim" }).ClickAsync();
        var card = page.Locator("li.claim-card").Filter(new() { HasText = "three times since April 2025" });
        await Expect(card.Locator("[data-role=said]")).ToContainTextAsync("Jeff Rath");
        var claimId = (await card.GetAttributeAsync("id"))!["claim-".Length..];

        await RegisterSource(page, "Financial Times", "article");
        await AddAttribution(page, claimId, "reporter", "met State Department officials three times since April last year");

        // A relay must say whom it relays: the server refuses and says so beside the field.
        await RegisterSource(page, "Global Times", "article");
        await AddAttribution(page, claimId, "relay", "three times since April last year, the FT reported");
        await Expect(page.Locator($"#attribution-{claimId}-via-error")).ToContainTextAsync("must name the attribution it repeats");
        await Expect(page.Locator($"#attribution-{claimId}-via")).ToHaveAttributeAsync("aria-invalid", "true");

        var form = page.Locator($"#claim-{claimId} form");
        var ft = await form.Locator("select[name=via] option", new() { HasText = "Financial Times" }).GetAttributeAsync("value");
        await form.Locator("select[name=via]").SelectOptionAsync(ft!);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add attribution" }).ClickAsync();

        var chain = page.Locator($"#claim-{claimId} .chain");
        await Expect(chain.Locator("> li[data-role=reported]")).ToContainTextAsync("Financial Times");
        await Expect(chain.Locator("li[data-role=reported] li[data-role=relayed]")).ToContainTextAsync("Global Times");
        await Expect(chain.Locator("li[data-role=relayed] q")).ToHaveTextAsync("three times since April last year, the FT reported");
    });

    [Fact]
    public Task A_fact_checker_proposes_and_a_different_editor_approves() => InBrowser(async page =>
    {
        var (claimId, _) = await GivenAClaim();
        var factchecker = await Server.Person("Farid", [Role.Factchecker]);
        var editor = await Server.Person("Ada", [Role.Editor]);

        await SignIn(page, factchecker);
        await page.GotoAsync($"/claims/{claimId}");
        await page.Locator("#propose-rating").SelectOptionAsync("false");
        await page.Locator("#propose-summary").FillAsync("The group's own account; no official record shows three meetings.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose verdict" }).ClickAsync();
        await Expect(page.Locator("#propose-evidence-error")).ToContainTextAsync("at least one piece of evidence");
        await Expect(page.Locator("#evidence-note-1")).ToBeFocusedAsync();
        await Expect(page.Locator("#propose-summary")).ToHaveValueAsync("The group's own account; no official record shows three meetings.");

        await page.Locator("#evidence-note-1").FillAsync("State Department statement, 30 January");
        await page.Locator("#evidence-url-1").FillAsync("https://example.org/state-department");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose verdict" }).ClickAsync();
        await Expect(page.Locator(".verdict.pending [data-rating=false]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" })).ToHaveCountAsync(0);

        await SwitchTo(page, editor);
        await page.GotoAsync($"/claims/{claimId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
        await Expect(page.Locator(".verdict.published [data-rating=false]")).ToBeVisibleAsync();
        await Expect(page.Locator(".verdict.published .proposer")).ToHaveTextAsync(factchecker.Name);
        await Expect(page.Locator(".verdict.published .approver")).ToHaveTextAsync(editor.Name);
        await Expect(page.Locator("table tbody tr").Filter(new() { HasText = "Verdict approved" })).ToContainTextAsync(editor.Name);
    });

    [Fact]
    public Task The_proposer_sees_no_sign_off_and_a_forged_post_is_refused() => InBrowser(async page =>
    {
        var (claimId, _) = await GivenAClaim();
        var editor = await Server.Person("Ada", [Role.Editor]);
        var factchecker = await Server.Person("Farid", [Role.Factchecker]);
        var verdictId = await Desk.Propose(editor, claimId, "mostly_true", "FT reported it; the group confirmed it.");

        await SignIn(page, editor);
        await page.GotoAsync($"/claims/{claimId}");
        await Expect(page.Locator("#own-verdict")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" })).ToHaveCountAsync(0);

        var forged = await ForgePost(page, $"/claims/{claimId}/verdicts/{verdictId}/approve");
        forged.Status.ShouldBe(403);
        (await forged.TextAsync()).ShouldContain("other than the proposer");

        await SwitchTo(page, factchecker);
        await page.GotoAsync($"/claims/{claimId}");
        (await ForgePost(page, $"/claims/{claimId}/verdicts/{verdictId}/approve")).Status.ShouldBe(403);

        await page.ReloadAsync();
        await Expect(page.Locator(".verdict.pending [data-rating=mostly_true]")).ToBeVisibleAsync();
        await Expect(page.Locator(".verdict.published")).ToHaveCountAsync(0);

        // Another editor may send it back, with a reason the proposer reads.
        await SwitchTo(page, await Server.Person("Noor", [Role.Editor]));
        await page.GotoAsync($"/claims/{claimId}");
        await page.GetByText("Reject it").ClickAsync();
        await page.Locator("#reject-reason").FillAsync("Name the meetings' dates first.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject verdict" }).ClickAsync();
        await Expect(page.Locator(".verdict.pending")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Name the meetings' dates first.").First).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_corrected_verdict_replays_as_it_stood_before_and_after_the_correction() => InBrowser(async page =>
    {
        var (claimId, storyId) = await GivenAClaim();
        var factchecker = await Server.Person("Farid", [Role.Factchecker]);
        var editor = await Server.Person("Ada", [Role.Editor]);
        var verdictId = await Desk.Propose(factchecker, claimId, "true", "The FT's report stands.");
        await Desk.Approve(editor, claimId, verdictId);

        await SignIn(page, factchecker);
        await page.GotoAsync($"/claims/{claimId}");
        await Expect(page.Locator("#propose-heading")).ToHaveTextAsync("Propose a corrected verdict");
        await page.Locator("#propose-rating").SelectOptionAsync("mostly_false");
        await page.Locator("#propose-summary").FillAsync("Only the group's lawyer speaks of three meetings.");
        await page.Locator("#evidence-note-1").FillAsync("White House official to CNN");
        await page.Locator("#propose-correction").FillAsync("We rated this true on the FT's report alone; the count rests on one side's word.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose verdict" }).ClickAsync();

        await SwitchTo(page, await Server.Person("Noor", [Role.Editor]));
        await page.GotoAsync($"/claims/{claimId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
        await Expect(page.Locator(".verdict.published [data-rating=mostly_false]")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Corrections" }).ClickAsync();
        // The register is an async projection: it may trail the approval by a moment.
        for (var i = 0; i < 50 && await page.Locator("#corrections").CountAsync() == 0; i++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        await Expect(page.Locator("#corrections tbody tr").First).ToContainTextAsync("the count rests on one side's word");

        // Moments: story opened, claim logged, verdict proposed, approved, correction proposed, correction approved.
        await page.GotoAsync($"/stories/{storyId}/replay");
        var state = page.Locator("#replay-state");
        await Expect(page.Locator("#moment")).ToHaveAttributeAsync("data-step", "6");
        await Expect(state.Locator("[data-rating=mostly_false]")).ToBeVisibleAsync();

        await page.Locator("#at").FillAsync("4"); // scrub back to before the correction
        await Expect(page.Locator("#moment")).ToHaveAttributeAsync("data-step", "4");
        await Expect(state.Locator("[data-rating=true]")).ToBeVisibleAsync();
        await Expect(state.Locator("[data-rating=mostly_false]")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync();
        await Expect(page.Locator("#moment")).ToHaveAttributeAsync("data-step", "5");
        await Expect(state).ToContainTextAsync("correction under review");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync();
        await Expect(page.Locator("#moment")).ToHaveAttributeAsync("data-step", "6");
        await Expect(state.Locator("[data-rating=mostly_false]")).ToBeVisibleAsync();

        await page.Locator("#from").SelectOptionAsync("4");
        await page.Locator("#to").SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        var diff = page.Locator($"[data-diff='{claimId}']");
        await Expect(diff.Locator(".side-by-side > div").First.Locator("[data-rating=true]")).ToBeVisibleAsync();
        await Expect(diff.Locator(".side-by-side > div").Last.Locator("[data-rating=mostly_false]")).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_auditor_verifies_the_record_and_downloads_an_export_and_a_reporter_cannot() => InBrowser(async page =>
    {
        await GivenAClaim();
        await SignIn(page, await Server.Person("Iris", [Role.Auditor]));
        await page.GotoAsync("/corrections");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "claims.csv" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("claims.csv");
        (await File.ReadAllTextAsync((await download.PathAsync())!)).ShouldContain("APP leaders met State Department officials three times.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the record" }).ClickAsync();
        await Expect(page.Locator("#verification")).ToContainTextAsync("Every hash chain is intact");

        await SwitchTo(page, await Server.Person("Rosa", [Role.Reporter]));
        await page.GotoAsync("/corrections");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Verify the record" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "claims.csv" })).ToHaveCountAsync(0);
        (await page.GotoAsync("/verify"))!.Status.ShouldBe(403);
        (await page.Context.APIRequest.GetAsync("/exports/claims.csv")).Status.ShouldBe(403);
    });

    private async Task<(Guid Claim, Guid Story)> GivenAClaim()
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);
        var story = await Desk.OpenStory(reporter, "US officials met Alberta separatists", "State Department officials and the Alberta Prosperity Project.");
        var rath = await Desk.RegisterSource(reporter, SourceKind.Person, "Jeff Rath", "Alberta Prosperity Project");
        var (claim, _) = await Desk.LogClaim(reporter, story, "APP leaders met State Department officials three times.", rath, AttributionRole.Claimant,
            "We have met with them three times");
        return (claim, story);
    }

    private static async Task RegisterSource(IPage page, string name, string kind)
    {
        await page.Locator("#source-name").FillAsync(name);
        await page.Locator("#source-kind").SelectOptionAsync(kind);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register source" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync(name);
    }

    /// <summary>The attribution form of one claim; a source just registered is already selected.</summary>
    private static async Task AddAttribution(IPage page, string claimId, string role, string quote)
    {
        var card = page.Locator($"#claim-{claimId}");
        await card.GetByText("Add an attribution").ClickAsync();
        await card.Locator("select[name=role]").SelectOptionAsync(role);
        await card.Locator("textarea[name=quote]").FillAsync(quote);
        await card.GetByRole(AriaRole.Button, new() { Name = "Add attribution" }).ClickAsync();
    }

    /// <summary>A post the page offers no control for, sent with the session's cookie and a valid antiforgery token.</summary>
    private static async Task<IAPIResponse> ForgePost(IPage page, string path)
    {
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        return await page.Context.APIRequest.PostAsync(path, new()
        {
            Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!),
            Headers = new Dictionary<string, string> { ["Accept"] = "text/html" },
        });
    }
}
