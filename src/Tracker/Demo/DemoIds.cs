using System.Security.Cryptography;
using System.Text;

namespace Tracker.Demo;

/// <summary>
/// Every demo item gets a name-based id (RFC 9562 version 5) from its newsroom and its key in the file,
/// so loading the demo again finds what the first load made instead of making it twice.
/// </summary>
public sealed class DemoIds(string newsroom)
{
    private static readonly Guid Namespace = new("6f1f5bde-2c1a-4f7e-9a53-0d3b8c2e7a41");

    public Guid Story => For("story");
    public Guid Account(string key) => For($"account/{key}");
    public Guid Source(string key) => For($"source/{key}");
    public Guid Claim(string key) => For($"claim/{key}");
    public Guid Attribution(string claim, string key) => For($"claim/{claim}/attribution/{key}");
    public Guid Verdict(string claim, string key) => For($"claim/{claim}/verdict/{key}");

    private Guid For(string name) => NameBased(Namespace, $"{newsroom}/{name}");

    internal static Guid NameBased(Guid space, string name)
    {
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        space.TryWriteBytes(bytes, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
        // SHA-1 is what version 5 specifies; the id is a label, not a secret.
        var hash = SHA1.HashData(bytes);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
