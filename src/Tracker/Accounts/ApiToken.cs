using System.Security.Cryptography;
using System.Text;

namespace Tracker.Accounts;

/// <summary>Bearer tokens: 256 random bits, prefixed so leaked ones are easy to spot; stored only as SHA-256.</summary>
public static class ApiToken
{
    public const string Prefix = "trk_";

    public static string New() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
