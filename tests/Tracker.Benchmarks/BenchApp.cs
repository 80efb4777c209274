using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;

namespace Tracker.Benchmarks;

/// <summary>The real app on Kestrel on a loopback port, on the bench database, with a client per role.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private WebApplication app = null!;
    public Uri Address { get; private set; } = null!;
    public IServiceProvider Services => app.Services;

    public static async Task<BenchApp> Start(Bench bench)
    {
        var data = Directory.CreateTempSubdirectory("tracker-bench-app-").FullName;
        var web = await TrackerApp.Build([
            "--urls=http://127.0.0.1:0", $"--data={data}", $"--ConnectionStrings:Tracker={bench.ConnectionString}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning",
        ]);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchApp { app = web, Address = new Uri(address) };
    }

    /// <summary>A client signed in as a new account of the first newsroom holding these roles.</summary>
    public async Task<HttpClient> Client(params Role[] roles)
    {
        var newsroom = (await Services.GetRequiredService<AccountDirectory>().Newsrooms())[0].Slug;
        var account = NewAccount.Prepare($"bench {string.Join('+', roles)} {Guid.NewGuid():N}"[..40], roles);
        await Services.GetRequiredService<AccountService>().Create(new CommandContext(FirstStart.SystemActor(newsroom)), account, null);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }

    /// <summary>Waits until the app's daemon has projected everything: a figure measured while it works is measuring both.</summary>
    public async Task Quiet() =>
        await Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(Services.GetRequiredService<Marten.IDocumentStore>(), TimeSpan.FromMinutes(10));

    /// <summary>
    /// Pauses Marten's daemon in the app while a figure measures the store alone (its appends with their inline
    /// projections), so the daemon's work on those events does not land on one side of the comparison only.
    /// </summary>
    public async Task<IAsyncDisposable> PauseDaemon()
    {
        var coordinator = Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        await coordinator.PauseAsync();
        return new Resume(coordinator);
    }

    private sealed class Resume(Marten.Events.Daemon.Coordination.IProjectionCoordinator coordinator) : IAsyncDisposable
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
    }
}
