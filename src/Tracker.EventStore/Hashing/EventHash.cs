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

    /// <summary>
    /// For a writer whose data and metadata JSON are already in canonical form: no second parse. Imports hash every
    /// event, so the text is written as UTF-8 straight into one buffer per thread, the same bytes
    /// <see cref="Canonical(ChainLink)"/> gives; names and ids that would need escaping take that slower path.
    /// </summary>
    public static string ComputeCanonical(ChainLink link)
    {
        if (!CanonicalJson.IsPlain(link.Tenant) || !CanonicalJson.IsPlain(link.StreamType) ||
            !CanonicalJson.IsPlain(link.Type) || !CanonicalJson.IsPlain(link.PrevHash))
            return Hash(Canonical(link, link.DataJson, link.MetadataJson));

        var longest = 256 + Encoding.UTF8.GetMaxByteCount(link.DataJson.Length + link.MetadataJson.Length +
            link.Tenant.Length + link.StreamType.Length + link.Type.Length + link.PrevHash.Length);
        if (bytes is null || bytes.Length < longest) bytes = new byte[Math.Max(longest, 4096)];
        var text = new Utf8Text(bytes);
        text.Put("{\"data\":"u8); text.Put(link.DataJson);
        text.Put(",\"eventId\":\""u8); text.Put(link.EventId);
        text.Put("\",\"metadata\":"u8); text.Put(link.MetadataJson);
        text.Put(",\"prevHash\":\""u8); text.Put(link.PrevHash);
        text.Put("\",\"recordedAt\":\""u8); text.PutTimestamp(link.RecordedAt);
        text.Put("\",\"streamId\":\""u8); text.Put(link.StreamId);
        text.Put("\",\"streamType\":\""u8); text.Put(link.StreamType);
        text.Put("\",\"tenant\":\""u8); text.Put(link.Tenant);
        text.Put("\",\"type\":\""u8); text.Put(link.Type);
        text.Put("\",\"version\":"u8); text.Put(link.Version);
        text.Put("}"u8);
        // One hashing context per thread: a fresh one costs more than hashing the few hundred bytes of an event.
        var sha = sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(text.Written);
        Span<byte> hash = stackalloc byte[32];
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic] private static byte[]? bytes;
    [ThreadStatic] private static IncrementalHash? sha256;

    /// <summary>Appends UTF-8 to a buffer the caller sized for the whole text.</summary>
    private ref struct Utf8Text(Span<byte> buffer)
    {
        private readonly Span<byte> buffer = buffer;
        private int length;

        public readonly ReadOnlySpan<byte> Written => buffer[..length];

        public void Put(scoped ReadOnlySpan<byte> ascii)
        {
            ascii.CopyTo(buffer[length..]);
            length += ascii.Length;
        }

        public void Put(string text) => length += Encoding.UTF8.GetBytes(text, buffer[length..]);

        public void Put(Guid id)
        {
            id.TryFormat(buffer[length..], out var written, "D");
            length += written;
        }

        public void Put(int number)
        {
            number.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
        }

        /// <summary>As <see cref="FormatTimestamp"/>: the round-trip form has seven fractional digits; the seventh goes.</summary>
        public void PutTimestamp(DateTimeOffset at)
        {
            Span<byte> roundTrip = stackalloc byte[40];
            at.UtcDateTime.TryFormat(roundTrip, out _, "O", CultureInfo.InvariantCulture);
            Put(roundTrip[..26]);
            Put("Z"u8);
        }
    }

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
        at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="FormatTimestamp(DateTimeOffset)"/>, into <paramref name="destination"/> (27 chars); returns the length.</summary>
    public static int FormatTimestamp(DateTimeOffset at, Span<char> destination) =>
        at.UtcDateTime.TryFormat(destination, out var written, TimestampFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("Too short for a timestamp.", nameof(destination));

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>PostgreSQL keeps microseconds; the clock's ticks are truncated so the stored time hashes the same.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static void Field(StringBuilder s, string name) => s.Append('"').Append(name).Append("\":");
}
