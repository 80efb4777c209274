using Microsoft.Playwright;
using Tracker.BrowserTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Commands;
using Tracker.Demo;
using Tracker.Web;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>Runs only when TRACKER_SCREENSHOTS=1: the screenshots in docs/screenshots are taken by it.</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public ScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TRACKER_SCREENSHOTS") != "1") Skip = "Set TRACKER_SCREENSHOTS=1 to retake docs/screenshots.";
    }
}

/// <summary>
/// The story, claim, replay and claim search pages of the demo story, and the similar claims under the log-a-claim form, (the seed coverage: the Alberta Prosperity Project, the FT's
/// report and its relays), photographed at 1280x800 for docs/screenshots.
/// </summary>
[Trait("Category", "Screenshots")]
public sealed class ScreenshotTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [ScreenshotFact]
    public Task Story_claim_and_replay_pages() => InBrowser(async page =>
    {
        // The demo story from the seed coverage, loaded through the same commands people use.
        var demo = await DemoLoader.From(Server.Services).Load(WorkbenchServer.DefaultNewsroom, DemoScript.Shipped());
        var editor = demo.Accounts.First(a => a.Roles.Contains(Role.Editor));
        var claims = await Server.Services.GetRequiredService<WorkbenchQueries>().ClaimsOf(demo.Newsroom, demo.StoryId, CancellationToken.None);
        var corrected = claims.Select(c => c.Claim).OrderByDescending(c => c.Corrections.Count).ThenByDescending(c => c.Attributions.Count).First();
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await SignIn(page, new Person(new Actor(editor.AccountId, editor.Name, demo.Newsroom, editor.Roles.ToHashSet()), demo.Password, demo.Newsroom));

        await page.GotoAsync($"/stories/{demo.StoryId}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "story.png") });

        await page.GotoAsync($"/claims/{corrected.Id}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "claim.png") });

        await page.GotoAsync($"/stories/{demo.StoryId}/replay");
        var last = int.Parse((await page.Locator("#moment").GetAttributeAsync("data-step"))!);
        await page.GotoAsync($"/stories/{demo.StoryId}/replay?at={last * 2 / 3}");
        await Expect(page.Locator("#moment")).ToHaveAttributeAsync("data-step", (last * 2 / 3).ToString());
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "replay.png") });

        await page.GotoAsync("/claims?q=separatist");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "search.png") });

        await page.GotoAsync($"/stories/{demo.StoryId}");
        await page.Locator("#claim-text").PressSequentiallyAsync("Nineteen per cent of Albertans support leaving Canada");
        await Expect(page.Locator("#similar-claims li").First).ToBeVisibleAsync();
        await page.Locator("#claim-text").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "similar.png") });
    });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tracker.sln not found above the test output.");
    }
}
