using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Telemetry;
using Tracker.Tests.Support;

namespace Tracker.Tests.Telemetry;

/// <summary>The app with a scrape token configured, whose requests may say which peer address they come from.</summary>
public sealed class MetricsApp : IAsyncLifetime
{
    public const string Token = "a scrape token for tests";

    /// <summary>The in-process host has no peer address; a request naming one in this header gets it.</summary>
    public const string PeerHeader = "X-Test-Peer";

    public TrackerAppFactory App { get; } = new()
    {
        Settings = new Dictionary<string, string> { [MetricsAccess.TokenSetting] = Token },
        TestServices = s => s.AddSingleton<IStartupFilter, PeerFromHeader>(),
    };

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, then) =>
            {
                if (http.Request.Headers.TryGetValue(PeerHeader, out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return then(http);
            });
            next(app);
        };
    }
}
