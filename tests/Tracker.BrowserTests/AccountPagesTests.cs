using Microsoft.Playwright;
using Tracker.Commands;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>
/// Joining the newsroom as the product intends: an admin adds a colleague and passes on the setup code; the colleague
/// sets their own password on /setup, signs in and makes a token of their own; the admin can disable them.
/// </summary>
public sealed class AccountPagesTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_admin_invites_a_colleague_who_sets_up_their_own_account_and_token() => InBrowser(async page =>
    {
        var name = $"Nia {Guid.NewGuid().ToString("N")[..6]}";
        await SignIn(page, await Server.Person("Ana", [Role.Admin]));
        await page.GetByRole(AriaRole.Link, new() { Name = "Accounts" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("factchecker").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and show the setup code" }).ClickAsync();
        var code = (await page.Locator("#setup-code").TextContentAsync())!.Trim();
        code.ShouldStartWith("setup_");
        await page.ReloadAsync();
        (await page.ContentAsync()).ShouldNotContain(code, Case.Sensitive, "the code is shown once");

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/setup");
        await page.GetByLabel("Setup code").FillAsync(code);
        await page.GetByLabel("New password").FillAsync("my own long passphrase");
        await page.GetByLabel("The same password again").FillAsync("my own long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up my account" }).ClickAsync();
        (await page.Locator("#token").TextContentAsync())!.ShouldStartWith("trk_");

        await SignIn(page, new Person(new Actor(Guid.Empty, name, WorkbenchServer.DefaultNewsroom, new HashSet<Role> { Role.Factchecker }),
            "my own long passphrase", WorkbenchServer.DefaultNewsroom));
        await page.GetByRole(AriaRole.Link, new() { Name = "Your tokens" }).ClickAsync();
        await page.GetByLabel("A name for the new token").FillAsync("laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make a token" }).ClickAsync();
        (await page.Locator("#new-token").TextContentAsync())!.ShouldStartWith("trk_");
        await Expect(page.Locator("tr", new() { HasText = "laptop" })).ToContainTextAsync("active");
        await page.Locator("tr", new() { HasText = "laptop" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "laptop" })).ToContainTextAsync("revoked");

        // The same code twice is refused.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/setup");
        await page.GetByLabel("Setup code").FillAsync(code);
        await page.GetByLabel("New password").FillAsync("someone else's passphrase");
        await page.GetByLabel("The same password again").FillAsync("someone else's passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up my account" }).ClickAsync();
        await Expect(page.Locator("#setup-error")).ToContainTextAsync("already used");
    });

    [Fact]
    public Task An_admin_disables_and_enables_a_colleague_but_not_themselves() => InBrowser(async page =>
    {
        var admin = await Server.Person("Abe", [Role.Admin]);
        var colleague = await Server.Person("Cy", [Role.Reporter]);
        await SignIn(page, admin);
        await page.GotoAsync("/accounts");
        (await page.Locator($"tr[data-account='{admin.Actor.AccountId}']").GetByRole(AriaRole.Button).CountAsync()).ShouldBe(0, "no controls on one's own row");

        var row = page.Locator($"tr[data-account='{colleague.Actor.AccountId}']");
        await row.GetByPlaceholder("Reason").FillAsync("on leave");
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.Locator($"tr[data-account='{colleague.Actor.AccountId}']")).ToContainTextAsync("disabled");
        await page.Locator($"tr[data-account='{colleague.Actor.AccountId}']").GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(page.Locator($"tr[data-account='{colleague.Actor.AccountId}']")).ToContainTextAsync("active");
    });
}
