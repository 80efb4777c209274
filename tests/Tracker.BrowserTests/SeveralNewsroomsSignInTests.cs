using Microsoft.Playwright;
using Tracker.Commands;
using Tracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>Issue 19, item 8, on the sign-in page: the newsroom field may stay empty for a name no other newsroom has; a wrong newsroom is named.</summary>
public sealed class SeveralNewsroomsSignInTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_unique_name_signs_in_without_its_newsroom_and_a_wrong_newsroom_says_so() => InBrowser(async page =>
    {
        var slug = await Server.OtherNewsroom();
        var person = await Server.Person("Nadia", [Role.Reporter], slug);

        await page.GotoAsync("/login");
        await page.GetByLabel("Newsroom").FillAsync("no-such-desk");
        await page.GetByLabel("Name").FillAsync(person.Name);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("There is no newsroom 'no-such-desk'");

        await page.GetByLabel("Newsroom").FillAsync("");
        await page.GetByLabel("Name").FillAsync(person.Name);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.Locator(".top")).ToContainTextAsync(person.Name);
    });
}
