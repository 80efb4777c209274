namespace Tracker.BrowserTests.Support;

/// <summary>The app server alone, for tests that speak HTTP with a signed-in session and need no browser.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public WorkbenchServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WorkbenchServer.Start();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
