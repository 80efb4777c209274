using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tracker.Hosting;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address: the sign-in throttle would count every client as
/// one (20 failures from anyone would refuse everyone) and cookies would not know the request came over HTTPS. With the
/// setting <c>TrustedProxies</c> (addresses or networks, comma-separated), the client's address and scheme are read from
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, and only on requests that come from one of them: forwarded
/// headers from anyone else are ignored, so a client cannot choose its own address.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "TrustedProxies";

    /// <summary>The middleware, when the setting is given (read before anything starts, so a wrong value stops nothing half-way).</summary>
    public static void Use(WebApplication app, ForwardedHeadersOptions? options)
    {
        if (options is not null) app.UseForwardedHeaders(options);
    }

    /// <summary>The middleware's options for the setting's value; null when it is not set.</summary>
    public static ForwardedHeadersOptions? Read(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback only; the setting says whom to trust instead.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Contains('/') && System.Net.IPNetwork.TryParse(part, out var network)) options.KnownIPNetworks.Add(network);
            else if (!part.Contains('/') && IPAddress.TryParse(part, out var address)) options.KnownProxies.Add(address);
            else throw new BadSettingException(
                $"{Setting}: '{part}' is neither an address nor a network. Give addresses or networks, comma-separated: 10.0.0.5, 172.16.0.0/12.");
        }
        return options;
    }
}
