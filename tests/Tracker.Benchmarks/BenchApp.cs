using System.Net.Http.Headers;
using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Benchmarks;

/// <summary>
/// The real app on Kestrel on a loopback port, on the bench database, with a client per role; beside its routes, the
/// benchmark's plain Wolverine+Marten endpoints (<see cref="PlainEndpoints"/>), which only this host has.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    private WebApplication app = null!;
    public Uri Address { get; private set; } = null!;
    public IServiceProvider Services => app.Services;
    public Ledger Ledger => Services.GetRequiredService<Ledger>();
    public string DataFolder { get; private set; } = "";

    /// <param name="settings">More command-line settings (a newsroom's own database, say).</param>
    public static async Task<BenchApp> Start(Bench bench, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("tracker-bench-app-").FullName;
        var web = await TrackerApp.Build([
            "--urls=http://127.0.0.1:0", $"--data={data}", $"--ConnectionStrings:Tracker={bench.ConnectionString}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning",
            // The plain Wolverine+Marten endpoints the HTTP figure compares ours with, in this host only (PlainEndpoints.cs).
            $"--hostingStartupAssemblies={typeof(PlainEndpointsStartup).Assembly.GetName().Name}",
            .. settings,
        ]);
        // Wolverine looks for its pre-generated handlers in the entry assembly, which here is this program: point it at the
        // app's, where they are compiled, before the host starts. (This host loads them in TypeLoadMode.Auto, which finds
        // them there as Static does; only the plain endpoints, which have none, are compiled: PlainEndpointsStartup.)
        web.Services.GetRequiredService<Wolverine.WolverineOptions>().ApplicationAssembly = typeof(TrackerApp).Assembly;
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchApp { app = web, Address = new Uri(address), DataFolder = data };
    }

    public async Task<string> Newsroom() => (await Services.GetRequiredService<AccountDirectory>().Newsrooms())[0].Slug;

    /// <summary>A client signed in as a new account of the first newsroom holding these roles.</summary>
    public async Task<HttpClient> Client(params Role[] roles) => await ClientOf(await Newsroom(), roles);

    /// <summary>A client signed in as a new account of this newsroom holding these roles.</summary>
    public async Task<HttpClient> ClientOf(string newsroom, params Role[] roles)
    {
        var account = NewAccount.Prepare($"bench {string.Join('+', roles)} {Guid.NewGuid():N}"[..40], roles);
        await Services.GetRequiredService<AccountService>().Create(new CommandContext(FirstStart.SystemActor(newsroom)), account, null);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }

    /// <summary>Waits until Marten's daemon has projected everything: a figure measured while it works is measuring both.</summary>
    public async Task Quiet()
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while ((await Ledger.ProjectionLag()).Any(l => l.PendingEvents > 0) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
    }

    /// <summary>
    /// Pauses the app's daemon while a figure measures appends alone (with their inline projections), so the daemon's
    /// work on those events does not land on one side of the comparison only.
    /// </summary>
    public async Task<IAsyncDisposable> PauseDaemon()
    {
        var coordinator = Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        return new Resume(coordinator);
    }

    private sealed class Resume(IProjectionCoordinator coordinator) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await coordinator.ResumeAsync();
    }

    private bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(DataFolder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
