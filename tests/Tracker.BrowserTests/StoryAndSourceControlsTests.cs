using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// The story's and the source's own writes from their pages, as people use them: retitle, revise, close, reopen;
/// correct, snapshot, retract. Each control shows only to the roles its API route allows.
/// </summary>
public sealed class StoryAndSourceControlsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public Task A_reporter_retitles_and_revises_a_story_and_snapshots_a_source_without_editor_controls() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);
        var (story, source) = await GivenAStoryCitingASource(reporter);
        await SignIn(page, reporter);
        await page.GotoAsync($"/stories/{story}");

        // The same title is refused by the rule, beside the field, with what was typed kept.
        await Open(page, "Retitle");
        await page.Locator("#retitle-reason").FillAsync("Sharper");
        await Send(page, "title");
        await Expect(page.Locator("#retitle-title-error")).ToContainTextAsync("already has this title");
        await Expect(page.Locator("#retitle-title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#retitle-reason")).ToHaveValueAsync("Sharper");

        await page.Locator("#retitle-title").FillAsync("State Department met Alberta separatists");
        await Send(page, "title");
        await Expect(page.Locator("h1")).ToContainTextAsync("State Department met Alberta separatists");

        await Open(page, "Revise summary");
        await page.Locator("#revise-summary-summary").FillAsync("Three meetings since April 2025, by the group's own account.");
        await page.Locator("#revise-summary-reason").FillAsync("The count is theirs");
        await Send(page, "summary");
        await Expect(page.Locator(".lede")).ToHaveTextAsync("Three meetings since April 2025, by the group's own account.");

        // Closing and reopening are the editors'.
        await Expect(page.Locator($"form[action='/stories/{story}/close']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"form[action='/stories/{story}/reopen']")).ToHaveCountAsync(0);

        // The source's name in the attribution chain leads to its page.
        await page.Locator(".chain .source a", new() { HasText = "Financial Times" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sources/{source}$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Financial Times");
        await Expect(page.Locator($"form[action='/sources/{source}/retract']")).ToHaveCountAsync(0);

        await Open(page, "Record a snapshot");
        await page.Locator("#snapshot-sha256").FillAsync("not a hash");
        await Send(page, "snapshots");
        await Expect(page.Locator("#snapshot-contentSha256-error")).ToContainTextAsync("64 hexadecimal characters");
        await Expect(page.Locator("#snapshot-sha256")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("#snapshot-sha256").FillAsync(Sha.ToUpperInvariant());
        await page.Locator("#snapshot-archive").FillAsync("https://archive.example.org/ft-app");
        await page.Locator("#snapshot-captured").FillAsync("2025-06-01");
        await Send(page, "snapshots");
        var snapshot = page.Locator("#snapshots li.snapshot");
        await Expect(snapshot).ToHaveCountAsync(1);
        await Expect(snapshot.Locator(".sha256")).ToHaveTextAsync(Sha);
        await Expect(snapshot).ToContainTextAsync("1 Jun 2025");
        await Expect(snapshot.GetByRole(AriaRole.Link, new() { Name = "archived copy" })).ToHaveAttributeAsync("href", "https://archive.example.org/ft-app");
    });

    [Fact]
    public Task An_editor_closes_and_reopens_a_story_and_corrects_and_retracts_a_source() => InBrowser(async page =>
    {
        var editor = await Server.Person("Elena", [Role.Editor]);
        var (story, source) = await GivenAStoryCitingASource(editor);
        await SignIn(page, editor);
        await page.GotoAsync($"/stories/{story}");

        await Open(page, "Close story");
        await page.Locator("#close-story-note").FillAsync("Merged into the pipeline story");
        await Send(page, "close");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("closed");
        await Expect(page.Locator("#closing-note")).ToContainTextAsync("Merged into the pipeline story");
        await Expect(page.Locator($"form[action='/stories/{story}/close']")).ToHaveCountAsync(0);

        await Open(page, "Reopen story");
        await page.Locator("#reopen-story-reason").FillAsync("New reporting");
        await Send(page, "reopen");
        await Expect(page.Locator("h1 .badge")).ToHaveCountAsync(0);
        await Expect(page.Locator($"form[action='/stories/{story}/close']")).ToHaveCountAsync(1);

        await page.GotoAsync($"/sources/{source}");
        await Open(page, "Correct details");
        await page.Locator("#correct-source-author").FillAsync("Ian Bremmer");
        await page.Locator("#correct-source-reason").FillAsync("Byline added");
        await Send(page, "details");
        await Expect(page.Locator("#source-details")).ToContainTextAsync("Ian Bremmer");
        await Expect(page.Locator("#source-details")).ToContainTextAsync("FT");

        await Open(page, "Retract");
        await page.Locator("#retract-source-note").FillAsync("The FT corrected the count to two meetings");
        await Send(page, "retract");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("retracted");
        await Expect(page.Locator("#retraction")).ToContainTextAsync("corrected the count to two meetings");
        await Expect(page.Locator($"form[action='/sources/{source}/retract']")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Another_newsrooms_source_page_is_a_404_page() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);
        var (_, source) = await GivenAStoryCitingASource(reporter);
        var stranger = await Server.Person("Stranger", Enum.GetValues<Role>(), await Server.OtherNewsroom());
        await SignIn(page, stranger);

        var response = await page.GotoAsync($"/sources/{source}");
        response!.Status.ShouldBe(404);
        await Expect(page.Locator("h1")).ToHaveTextAsync("No such source");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Financial Times");
    });

    private async Task<(Guid Story, Guid Source)> GivenAStoryCitingASource(Person by)
    {
        var story = await Desk.OpenStory(by, "US officials met Alberta separatists", "APP and the State Department.");
        var source = await Desk.RegisterSource(by, SourceKind.Article, "Financial Times", "FT");
        await Desk.LogClaim(by, story, "APP leaders met officials three times.", source, AttributionRole.Reporter, "three times");
        return (story, source);
    }

    private static Task Open(IPage page, string control) =>
        page.Locator("details > summary", new() { HasTextRegex = new($"^{control}$") }).ClickAsync();

    /// <summary>Submits the form that posts to the route ending in <paramref name="action"/>.</summary>
    private static Task Send(IPage page, string action) =>
        page.Locator($"form[action$='/{action}'] button[type=submit]").ClickAsync();
}
