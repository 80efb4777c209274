using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tracker.Audit.Checkpoints;
using Tracker.BrowserTests.Support;
using Tracker.Commands;
using static Microsoft.Playwright.Assertions;

namespace Tracker.BrowserTests;

/// <summary>An auditor sees the latest signed checkpoint on the verify page and downloads the audit bundle from the register.</summary>
public sealed class CheckpointPageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task The_verify_page_shows_the_latest_checkpoint_and_its_signature_and_the_bundle_downloads() => InBrowser(async page =>
    {
        var checkpoint = await Server.Services.GetRequiredService<CheckpointKeeper>().Take(WorkbenchServer.DefaultNewsroom, CancellationToken.None);
        await SignIn(page, await Server.Person("Iris", [Role.Auditor]));
        await page.GotoAsync("/corrections");
        var bundle = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "checkpoints.jsonl" }).ClickAsync());
        (await File.ReadAllLinesAsync((await bundle.PathAsync())!)).Select(Checkpoint.FromLine).ShouldContain(c => c.SameAs(checkpoint));
        var key = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "checkpoint-key.pem" }).ClickAsync());
        (await File.ReadAllTextAsync((await key.PathAsync())!)).ShouldStartWith("-----BEGIN PUBLIC KEY-----");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the record" }).ClickAsync();
        await Expect(page.Locator("#verification")).ToContainTextAsync("Every hash chain is intact and the record matches its signed checkpoints");
        await Expect(page.Locator("#checkpoint")).ToContainTextAsync($"Checkpoint{checkpoint.Sequence}, taken {checkpoint.TakenAt}");
        await Expect(page.Locator("#checkpoint")).ToContainTextAsync(checkpoint.Root);
        await Expect(page.Locator("#signature")).ToContainTextAsync("valid");
        await Expect(page.Locator("#signature")).ToHaveClassAsync("ok");
    });
}
