using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Testing;

namespace Tracker.BrowserTests.Support;

/// <summary>A person who can sign in: the account as the domain sees it, and the password typed on the sign-in page.</summary>
public sealed record Person(Actor Actor, string Password, string Newsroom)
{
    public string Name => Actor.Name;
}

/// <summary>
/// The real app on a real loopback socket (a browser needs one), on a fresh database of the test run's cluster and
/// a throwaway data folder. Accounts and stories are made through the same services the pages call.
/// </summary>
public sealed class WorkbenchServer : IAsyncDisposable
{
    public const string DefaultNewsroom = "newsroom";
    private readonly WebApplication app;
    private readonly string dataFolder;

    private WorkbenchServer(WebApplication app, string dataFolder, string baseUrl)
    {
        this.app = app;
        this.dataFolder = dataFolder;
        BaseUrl = baseUrl;
        Desk = new Desk(app.Services);
    }

    public string BaseUrl { get; }
    public IServiceProvider Services => app.Services;
    public Desk Desk { get; }

    public static async Task<WorkbenchServer> Start()
    {
        var data = Directory.CreateTempSubdirectory("tracker-browser-").FullName;
        var database = await TestDatabase.CreateDatabase("browser");
        await DatabaseRoles.Ensure(database);
        var app = await TrackerApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Tracker={DatabaseRoles.As(database, DatabaseRoles.App)}",
            $"--ConnectionStrings:TrackerOwner={DatabaseRoles.As(database, DatabaseRoles.Owner)}",
            $"--data={data}",
            "--environment=Testing",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WorkbenchServer(app, data, address.TrimEnd('/'));
    }

    /// <summary>A new account holding exactly these roles, with a password, in the default newsroom or another.</summary>
    /// <param name="exactName">Use the name as given; otherwise a suffix keeps names unique across a test class.</param>
    public async Task<Person> Person(string name, Role[] roles, string newsroom = DefaultNewsroom, bool exactName = false)
    {
        var account = NewAccount.Prepare(exactName ? name : $"{name} {Guid.NewGuid().ToString("N")[..6]}", roles);
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var outcome = await Services.GetRequiredService<AccountService>().Create(new CommandContext(FirstStart.SystemActor(newsroom)), account, password);
        outcome.ShouldBeOfType<CommandOutcome.Appended>();
        return new(new Actor(account.Id, account.Name, newsroom, roles.ToHashSet()), password, newsroom);
    }

    /// <summary>A second newsroom, which must see nothing of the first.</summary>
    public async Task<string> OtherNewsroom()
    {
        var slug = "other-" + Guid.NewGuid().ToString("N")[..8];
        (await FirstStart.OpenNewsroom(Services, slug, "Other desk", CancellationToken.None)).ShouldNotBeNull();
        return slug;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { }
    }
}
