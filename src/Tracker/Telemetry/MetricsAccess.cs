using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Tracker.Telemetry;

/// <summary>
/// Who may read /metrics. The counters are process-wide (every newsroom's requests and appends together), so no newsroom
/// account may read them, admins included. A scraper on the same machine may (the loopback address, and no proxy header:
/// a reverse proxy on the same machine connects from loopback on behalf of anyone); any other one must present the token
/// configured as Metrics:Token, as "Authorization: Bearer ...". With no token configured, only the machine itself may.
/// </summary>
public static class MetricsAccess
{
    public const string TokenSetting = "Metrics:Token";

    // X-Original-For: with TrustedProxies set, ASP.NET Core's forwarded-headers step has already replaced the peer with
    // the forwarded address (which a client may have written as 127.0.0.1) and left the proxy's address there.
    private static readonly string[] ProxyHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Original-For"];

    public static bool Allowed(HttpContext http, string? token) => HasToken(http.Request, token) || IsLocal(http);

    private static bool IsLocal(HttpContext http)
    {
        var peer = http.Connection.RemoteIpAddress;
        if (peer is null) return false; // an in-process host without a peer is not "this machine"
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        return IPAddress.IsLoopback(peer) && !ProxyHeaders.Any(http.Request.Headers.ContainsKey);
    }

    private static bool HasToken(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        // Constant time, so the answer's timing does not spell the token out a byte at a time.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
