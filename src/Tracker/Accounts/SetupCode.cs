using System.Security.Cryptography;

namespace Tracker.Accounts;

/// <summary>One-time setup codes: 128 random bits, shown once to the admin who passes them on, stored only as SHA-256.</summary>
public static class SetupCode
{
    public const string Prefix = "setup_";

    /// <summary>How long a code stays good: a working day to pass it on, a night to redeem it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string code) => ApiToken.Hash(code.Trim());
}
