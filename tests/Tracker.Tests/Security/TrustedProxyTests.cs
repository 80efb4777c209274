using System.Net;
using Alba;
using Tracker.Accounts;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>The app behind a reverse proxy at 10.1.2.3, said in its settings.</summary>
public sealed class BehindAProxy : TrackerAppFactory
{
    public const string Proxy = "10.1.2.3";

    public BehindAProxy() => Settings = new Dictionary<string, string> { ["TrustedProxies"] = $"{Proxy}, 10.9.0.0/16" };
}

/// <summary>
/// Behind a reverse proxy every request came from the proxy's address, so 20 failed attempts from anyone refused every
/// client. With TrustedProxies set, the throttle counts the client the proxy names, and a forwarded header from anyone
/// else is ignored, so a client cannot pick a fresh address for each guess.
/// </summary>
public sealed class TrustedProxyTests(BehindAProxy app) : IClassFixture<BehindAProxy>
{
    [Fact]
    public async Task Clients_behind_a_trusted_proxy_are_counted_apart()
    {
        for (var i = 0; i < SignInThrottle.FailuresPerAddress; i++) await Redeem(BehindAProxy.Proxy, "203.0.113.1", 404);
        await Redeem(BehindAProxy.Proxy, "203.0.113.1", 429);
        await Redeem(BehindAProxy.Proxy, "203.0.113.2", 404);
        await Redeem("10.9.4.4", "203.0.113.3", 404);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_client_that_is_no_proxy_is_ignored()
    {
        for (var i = 0; i < SignInThrottle.FailuresPerAddress; i++) await Redeem("198.51.100.9", $"192.0.2.{i}", 404);
        await Redeem("198.51.100.9", "192.0.2.200", 429);
    }

    [Fact]
    public async Task A_client_behind_the_proxy_that_says_it_is_loopback_gets_no_metrics_without_the_token()
    {
        await app.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse("10.9.4.4"));
            s.WithRequestHeader("X-Forwarded-For", "127.0.0.1");
            s.Get.Url("/metrics");
            s.StatusCodeShouldBe(403);
        });
        await app.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Loopback);
            s.Get.Url("/metrics");
            s.StatusCodeShouldBe(200);
        });
    }

    [Fact]
    public void A_setting_that_names_no_address_or_network_is_refused_in_one_line() =>
        Should.Throw<Tracker.Hosting.BadSettingException>(() => Tracker.Hosting.TrustedProxies.Read("10.0.0.1, proxy.example"))
            .Message.ShouldContain("'proxy.example' is neither an address nor a network");

    /// <summary>A setup code no account has, sent from <paramref name="from"/> naming <paramref name="client"/> as the client.</summary>
    private Task Redeem(string from, string client, int status) => app.Scenario(s =>
    {
        s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse(from));
        s.WithRequestHeader("X-Forwarded-For", client);
        s.Post.Json(new { setupCode = "no-such-code-" + Guid.NewGuid().ToString("N"), password = "a long passphrase" }).ToUrl("/api/accounts/setup");
        s.StatusCodeShouldBe(status);
    });
}
