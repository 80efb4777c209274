using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Tracker.BrowserTests.Support;

/// <summary>What every browser test does: open a fresh context at laptop size, sign in, and keep a screenshot when it fails.</summary>
public abstract class BrowserTest(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    protected WorkbenchServer Server => fixture.Server;
    protected Desk Desk => fixture.Server.Desk;

    /// <summary>Runs a test in a fresh context; on failure the page as it was is saved under screenshots/ in the test output.</summary>
    protected async Task InBrowser(Func<IPage, Task> test, [CallerMemberName] string name = "")
    {
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseUrl,
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(20_000); // a sign-in hashes a password: seconds on a busy 2-core machine
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{GetType().Name}.{name}.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>Signs in through the sign-in page, as a person would, and lands on the story board.</summary>
    protected static async Task SignIn(IPage page, Person person)
    {
        await page.GotoAsync("/login");
        if (person.Newsroom != WorkbenchServer.DefaultNewsroom) await page.GetByLabel("Newsroom").FillAsync(person.Newsroom);
        await page.GetByLabel("Name").FillAsync(person.Name);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The Sign out button, not a navigation event: the sign-in page has none, and WaitForURL (even until Commit) now
        // and then missed the redirect to the board, which the failure's screenshot showed rendered and signed in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    /// <summary>Signs the page's context out and in again as someone else.</summary>
    protected static async Task SwitchTo(IPage page, Person person)
    {
        await page.Context.ClearCookiesAsync();
        await SignIn(page, person);
    }
}
