using System.Net;
using Microsoft.AspNetCore.Http;
using Tracker.Telemetry;

namespace Tracker.Tests.Telemetry;

/// <summary>The rule alone, for the cases the app under test cannot be configured for (no token set).</summary>
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void With_no_token_configured_no_bearer_opens_metrics_to_a_remote_peer(string? configured)
    {
        foreach (var header in new[] { "Bearer ", "Bearer x", "Bearer" })
            MetricsAccess.Allowed(Request("203.0.113.7", header), configured).ShouldBeFalse(header);
    }

    [Fact]
    public void With_no_token_configured_the_machine_itself_may_read()
    {
        MetricsAccess.Allowed(Request("127.0.0.1", null), null).ShouldBeTrue();
        MetricsAccess.Allowed(Request("127.0.0.2", null), null).ShouldBeTrue();
    }

    [Fact]
    public void The_token_must_match_whole()
    {
        MetricsAccess.Allowed(Request("203.0.113.7", "Bearer secret"), "secret").ShouldBeTrue();
        MetricsAccess.Allowed(Request("203.0.113.7", "Bearer secre"), "secret").ShouldBeFalse();
        MetricsAccess.Allowed(Request("203.0.113.7", "Bearer secrets"), "secret").ShouldBeFalse();
        MetricsAccess.Allowed(Request("203.0.113.7", "Basic secret"), "secret").ShouldBeFalse();
    }

    private static DefaultHttpContext Request(string peer, string? authorization)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (authorization is not null) http.Request.Headers.Authorization = authorization;
        return http;
    }
}
