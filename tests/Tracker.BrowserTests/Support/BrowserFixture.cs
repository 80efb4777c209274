using Microsoft.Playwright;

namespace Tracker.BrowserTests.Support;

/// <summary>
/// One app server and one browser per test class; each test gets a fresh browser context (its own cookies).
/// The browser is the machine's Chromium (Debian's package), never one Playwright downloads.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public WorkbenchServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = WorkbenchServer.Start();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Server = await server;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}
