using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tracker.EventStore.Hashing;

/// <summary>The fields of one link in a stream's hash chain, exactly as they are hashed and exported.</summary>
public sealed record ChainLink(
    string Tenant,
    Guid StreamId,
    string StreamType,
    int Version,
    Guid EventId,
    string Type,
    DateTimeOffset RecordedAt,
    string DataJson,
    string MetadataJson,
    string PrevHash);

/// <summary>
/// hash = SHA-256 over the RFC 8785 form of
/// {"tenant","streamId","streamType","version","eventId","type","recordedAt","data","metadata","prevHash"}.
/// </summary>
public static class EventHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Compute(ChainLink link) => Hash(Canonical(link));

    /// <summary>For a writer whose data and metadata JSON are already in canonical form: no second parse.</summary>
    public static string ComputeCanonical(ChainLink link)
    {
        // Imports hash every event: reuse one builder and one byte buffer per thread rather than allocating both per event.
        var s = builder ??= new StringBuilder(1024);
        s.Clear();
        Canonical(s, link, link.DataJson, link.MetadataJson);
        var length = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (bytes is null || bytes.Length < length) bytes = new byte[Math.Max(length, 4096)];
        var written = 0;
        foreach (var chunk in s.GetChunks()) written += Encoding.UTF8.GetBytes(chunk.Span, bytes.AsSpan(written));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, written), hash);
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic] private static StringBuilder? builder;
    [ThreadStatic] private static byte[]? bytes;

    private static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>The exact UTF-8 text that is hashed; keys below are already in sorted order.</summary>
    public static string Canonical(ChainLink link) => Canonical(link, Canonicalize(link.DataJson), Canonicalize(link.MetadataJson));

    public static string Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Serialize(document.RootElement);
    }

    private static string Canonical(ChainLink link, string canonicalData, string canonicalMetadata)
    {
        var s = new StringBuilder(256 + canonicalData.Length + canonicalMetadata.Length);
        Canonical(s, link, canonicalData, canonicalMetadata);
        return s.ToString();
    }

    private static void Canonical(StringBuilder s, ChainLink link, string canonicalData, string canonicalMetadata)
    {
        s.Append('{');
        Field(s, "data"); s.Append(canonicalData); s.Append(',');
        Field(s, "eventId"); CanonicalJson.WriteString(s, FormatId(link.EventId)); s.Append(',');
        Field(s, "metadata"); s.Append(canonicalMetadata); s.Append(',');
        Field(s, "prevHash"); CanonicalJson.WriteString(s, link.PrevHash); s.Append(',');
        Field(s, "recordedAt"); CanonicalJson.WriteString(s, FormatTimestamp(link.RecordedAt)); s.Append(',');
        Field(s, "streamId"); CanonicalJson.WriteString(s, FormatId(link.StreamId)); s.Append(',');
        Field(s, "streamType"); CanonicalJson.WriteString(s, link.StreamType); s.Append(',');
        Field(s, "tenant"); CanonicalJson.WriteString(s, link.Tenant); s.Append(',');
        Field(s, "type"); CanonicalJson.WriteString(s, link.Type); s.Append(',');
        Field(s, "version"); s.Append(link.Version.ToString(CultureInfo.InvariantCulture));
        s.Append('}');
    }

    public static string FormatId(Guid id) => id.ToString("D");

    /// <summary>UTC, exactly six fractional digits, trailing Z.</summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL keeps microseconds; the clock's ticks are truncated so the stored time hashes the same.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static void Field(StringBuilder s, string name) => s.Append('"').Append(name).Append("\":");
}
