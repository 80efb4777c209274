using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
/// The real app through the real ASP.NET Core pipeline, on its own fresh PostgreSQL database. One per test
/// class (xunit class fixture); newsrooms and accounts are made through the same commands users issue.
/// </summary>
public sealed class TrackerAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string connectionString = "";

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("tracker-test-data-").FullName;

    /// <summary>The test server's superuser connection to the app's database: for tampering as an attacker with the database would.</summary>
    public string ConnectionString => connectionString;

    /// <summary>Where the app's database comes from: a fresh database on the test run's cluster unless a test brings its own.</summary>
    public Func<Task<string>> Database { get; init; } = () => TestDatabase.CreateDatabase("app");

    /// <summary>Service changes a test needs before the app starts (an extra projection, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Configuration a test sets before the app starts (Metrics:Token, say).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The first-start admin of the default newsroom, read from the admin-token file like a person would.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        connectionString = await Database();
        // The app serves as its own unprivileged role and migrates as the owner, as an installation does.
        await DatabaseRoles.Ensure(connectionString);
        _ = Server; // starts the app: migrations, then first start writes the admin token
        Admin = Client((await File.ReadAllTextAsync(Path.Combine(DataFolder, FirstStart.TokenFile))).Trim());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tracker", DatabaseRoles.As(connectionString, DatabaseRoles.App));
        builder.UseSetting("ConnectionStrings:TrackerOwner", DatabaseRoles.As(connectionString, DatabaseRoles.Owner));
        builder.UseSetting("data", DataFolder);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    public HttpClient Client(string? token = null)
    {
        // Touching Server starts the app (migrations, first start) on first use.
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

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
    public Task ProjectionsCaughtUp() =>
        Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(Services.GetRequiredService<Marten.IDocumentStore>(), TimeSpan.FromSeconds(30));

    public async Task<long> EventCount()
    {
        await using var cmd = Store.DataSource.CreateCommand($"select count(*) from {TrackerStore.Schema}.mt_events where type <> 'tombstone'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
