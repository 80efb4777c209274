using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Alba;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Testing;

namespace Tracker.Tests.Support;

/// <summary>
/// The real app through the real ASP.NET Core pipeline, hosted by Alba, on its own fresh PostgreSQL database. One per
/// test class (xunit class fixture); newsrooms and accounts are made through the same commands users issue. Tests send
/// requests with Alba's <see cref="Scenario"/>, or with an <see cref="HttpClient"/> holding a real token or cookie.
/// </summary>
public class TrackerAppFactory : IAsyncLifetime, IDisposable, IAsyncDisposable
{
    private string connectionString = "";
    private IAlbaHost? host;

    /// <summary>Alba's host of the app; started by <see cref="InitializeAsync"/>.</summary>
    public IAlbaHost Host => host ?? throw new InvalidOperationException("The app has not started: InitializeAsync first.");

    public IServiceProvider Services => Host.Services;

    public TestServer Server => Host.Server;

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("tracker-test-data-").FullName;

    /// <summary>The test server's superuser connection to the app's database: for tampering as an attacker with the database would.</summary>
    public string ConnectionString => connectionString;

    /// <summary>Where the app's database comes from: a fresh database on the test run's cluster unless a test brings its own.</summary>
    public Func<Task<string>> Database { get; init; } = () => TestDatabase.CreateDatabase("app");

    /// <summary>Configuration a test needs before the app starts (a short checkpoint interval, a witness URL, the first newsroom's slug).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Configuration made just before the app starts, from databases made then (a newsroom's own database, say).</summary>
    public Func<Task<IReadOnlyDictionary<string, string>>>? SettingsAtStart { get; init; }

    private IReadOnlyDictionary<string, string> settingsAtStart = new Dictionary<string, string>();

    /// <summary>Service changes a test needs before the app starts (an extra projection, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The first-start admin of the default newsroom, read from the admin-token file like a person would.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        connectionString = await Database();
        // The app serves as its own unprivileged role and migrates as the owner, as an installation does.
        await DatabaseRoles.Ensure(connectionString);
        if (SettingsAtStart is not null) settingsAtStart = await SettingsAtStart();
        host = await AlbaHost.For<Program>(Configure); // starts the app: migrations, then first start writes the admin token
        // No token file when the database already had a newsroom (an old store moved in): no first start, no admin of ours.
        var tokenFile = Path.Combine(DataFolder, FirstStart.TokenFile);
        Admin = File.Exists(tokenFile) ? Client((await File.ReadAllTextAsync(tokenFile)).Trim()) : Client();
    }

    private void Configure(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tracker", DatabaseRoles.As(connectionString, DatabaseRoles.App));
        builder.UseSetting("ConnectionStrings:TrackerOwner", DatabaseRoles.As(connectionString, DatabaseRoles.Owner));
        builder.UseSetting("data", DataFolder);
        foreach (var (key, value) in Settings.Concat(settingsAtStart)) builder.UseSetting(key, value);
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    public HttpClient Client(string? token = null)
    {
        var client = CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client that keeps cookies, like a browser, and follows no redirects (tests look at them).</summary>
    public HttpClient CreateClient(Uri? baseAddress = null) =>
        new(new CookieContainerHandler { InnerHandler = Server.CreateHandler() }) { BaseAddress = baseAddress ?? Server.BaseAddress };

    /// <summary>Alba's scenario against the app: the request, then its expected status, headers and body.</summary>
    public Task<IScenarioResult> Scenario(Action<Scenario> configure) => Host.Scenario(configure);

    /// <summary>A second app on the same database and data folder with more settings (the demo flag, a log capture).</summary>
    public async Task<IAlbaHost> WithWebHostBuilder(Action<IWebHostBuilder> more) =>
        await AlbaHost.For<Program>(builder =>
        {
            Configure(builder);
            more(builder);
        });

    public Ledger Store => Services.GetRequiredService<Ledger>();

    /// <summary>A new account in the default newsroom holding exactly these roles, signed in with its token.</summary>
    public async Task<(HttpClient Client, SignedUp Account)> As(params Role[] roles)
    {
        var account = await SignUp.Create(Admin, Client(), $"{string.Join('+', roles)}-{Guid.NewGuid():N}", roles);
        return (Client(account.Token), account);
    }

    /// <summary>An account in a second newsroom with every role: it must see nothing of the first.</summary>
    public async Task<HttpClient> OtherNewsroom(params Role[] roles)
    {
        var slug = "other-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await FirstStart.OpenNewsroom(Services, slug, "Other desk", CancellationToken.None);
        var client = Client(admin!.Token);
        if (roles.Length == 0) return client;
        return Client((await SignUp.Create(client, Client(), "everyone", roles)).Token);
    }

    /// <summary>Waits, with Marten's own helper, until the app's async daemon has projected every event appended so far.</summary>
    /// <remarks>With a newsroom in a database of its own, each database with events is waited for (Marten's helper refuses
    /// a database without any).</remarks>
    public async Task ProjectionsCaughtUp()
    {
        var store = Services.GetRequiredService<Marten.IDocumentStore>();
        foreach (var database in await store.Storage.AllDatabases())
            if ((await database.FetchEventStoreStatistics()).EventCount > 0)
                await Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(database, TimeSpan.FromSeconds(30));
    }

    /// <summary>Events in every database of the app (a newsroom may be placed in one of its own).</summary>
    public async Task<long> EventCount()
    {
        long count = 0;
        foreach (var database in await Store.Databases())
        {
            await using var cmd = database.CreateCommand($"select count(*) from {TrackerStore.Schema}.mt_events where type <> 'tombstone'");
            count += (long)(await cmd.ExecuteScalarAsync())!;
        }
        return count;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
        host = null;
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
