using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// A workbench cookie is only as good as the account behind it is now: a demotion, a disabled account and signing out
/// all take effect on the very next request, and a copy of a signed-out cookie opens nothing.
/// </summary>
public sealed class SessionTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_demoted_auditor_loses_the_verify_page_on_the_next_request() => InBrowser(async page =>
    {
        var auditor = await Server.Person("Vera", [Role.Auditor]);
        await SignIn(page, auditor);
        (await page.GotoAsync("/verify"))!.Status.ShouldBe(200);

        var changed = await Accounts.ChangeRoles(Admin, auditor.Actor.AccountId, [Role.Reporter]);
        changed.ShouldBeOfType<CommandOutcome.Appended>();

        (await page.GotoAsync("/verify"))!.Status.ShouldBe(403, "the cookie's old roles no longer count");
    });

    [Fact]
    public Task A_disabled_account_is_signed_out_on_the_next_request() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Dana", [Role.Reporter]);
        await SignIn(page, reporter);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        (await Accounts.Disable(Admin, reporter.Actor.AccountId, "left the newsroom")).ShouldBeOfType<CommandOutcome.Appended>();

        await page.GotoAsync("/");
        page.Url.ShouldContain("/login");
    });

    [Fact]
    public Task A_cookie_replayed_after_sign_out_opens_nothing() => InBrowser(async page =>
    {
        var reporter = await Server.Person("Sam", [Role.Reporter]);
        await SignIn(page, reporter);
        var stolen = await page.Context.CookiesAsync();
        stolen.ShouldContain(c => c.Name == "tracker");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login"));

        // Someone who copied the cookie before sign-out tries it in a browser of their own.
        await page.Context.ClearCookiesAsync();
        await page.Context.AddCookiesAsync(stolen.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await page.GotoAsync("/");
        page.Url.ShouldContain("/login", Case.Insensitive, "the session ended on the server when its owner signed out");
    });

    private AccountService Accounts => Server.Services.GetRequiredService<AccountService>();

    private CommandContext Admin { get; } = new(FirstStart.SystemActor(WorkbenchServer.DefaultNewsroom));
}
