using System.Globalization;
using System.Text.Json;
using Tracker.EventStore.Hashing;

namespace Tracker.Exports;

/// <summary>One line of events.ndjson: the store's sequence, the chain link exactly as hashed, and the hash.</summary>
public sealed record ExportedEvent(long Seq, ChainLink Link, string Hash);

/// <summary>A line that cannot be read back into a chain link; names the stream and version when the line still says them.</summary>
public sealed class EventLineException(string message, string tenant, Guid streamId, int version) : FormatException(message)
{
    public string Tenant { get; } = tenant;
    public Guid StreamId { get; } = streamId;
    public int Version { get; } = version;
}

/// <summary>
/// The events.ndjson line format, written and read here only, so the export and its verifier cannot drift apart:
/// {"seq","tenant","streamId","streamType","version","eventId","type","recordedAt","data","metadata","prevHash","hash"}.
/// </summary>
public static class EventLine
{
    public static void Write(Utf8JsonWriter json, ExportedEvent e)
    {
        var link = e.Link;
        json.WriteStartObject();
        json.WriteNumber("seq", e.Seq);
        json.WriteString("tenant", link.Tenant);
        // Guids and the time are written straight into the line (System.Text.Json writes a Guid as FormatId does).
        json.WriteString("streamId", link.StreamId);
        json.WriteString("streamType", link.StreamType);
        json.WriteNumber("version", link.Version);
        json.WriteString("eventId", link.EventId);
        json.WriteString("type", link.Type);
        Span<char> recordedAt = stackalloc char[32];
        json.WriteString("recordedAt", recordedAt[..EventHash.FormatTimestamp(link.RecordedAt, recordedAt)]);
        // The payloads go out as the database holds them; the hash covers their canonical form, not these bytes.
        json.WritePropertyName("data");
        json.WriteRawValue(link.DataJson, skipInputValidation: true);
        json.WritePropertyName("metadata");
        json.WriteRawValue(link.MetadataJson, skipInputValidation: true);
        json.WriteString("prevHash", link.PrevHash);
        json.WriteString("hash", e.Hash);
        json.WriteEndObject();
    }

    /// <summary>Reads a line strictly: every field present with its type, recordedAt in the hashed form, hashes as 64 lowercase hex digits.</summary>
    public static ExportedEvent Parse(string line)
    {
        JsonDocument document;
        try
        {
            // Two equal keys: readers disagree on which value counts, so the line could show one thing and hash another.
            document = JsonDocument.Parse(line, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new EventLineException($"not valid JSON ({e.Message})", "", Guid.Empty, 0);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new EventLineException("not a JSON object", "", Guid.Empty, 0);
            var tenant = Text(root, "tenant", "", Guid.Empty, 0);
            var streamId = Id(root, "streamId", tenant, Guid.Empty, 0);
            var version = Number(root, "version", tenant, streamId, 0) is var v and >= 1 and <= int.MaxValue
                ? (int)v
                : throw new EventLineException("version must be a positive whole number", tenant, streamId, 0);
            var seq = Number(root, "seq", tenant, streamId, version);
            var recordedAtText = Text(root, "recordedAt", tenant, streamId, version);
            if (!DateTimeOffset.TryParseExact(recordedAtText, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var recordedAt))
                throw new EventLineException("recordedAt must be UTC with six fractional digits and a Z", tenant, streamId, version);
            var link = new ChainLink(tenant, streamId, Text(root, "streamType", tenant, streamId, version), version,
                Id(root, "eventId", tenant, streamId, version), Text(root, "type", tenant, streamId, version), recordedAt,
                Payload(root, "data", tenant, streamId, version), Payload(root, "metadata", tenant, streamId, version),
                Hex(root, "prevHash", tenant, streamId, version));
            return new ExportedEvent(seq, link, Hex(root, "hash", tenant, streamId, version));
        }
    }

    private static JsonElement Field(JsonElement root, string name, string tenant, Guid streamId, int version) =>
        root.TryGetProperty(name, out var value) ? value : throw new EventLineException($"{name} is missing", tenant, streamId, version);

    private static string Text(JsonElement root, string name, string tenant, Guid streamId, int version) =>
        Field(root, name, tenant, streamId, version) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new EventLineException($"{name} must be a string", tenant, streamId, version);

    /// <summary>Only the hashed spelling (lowercase, dashed): another spelling of the same UUID would hash differently.</summary>
    private static Guid Id(JsonElement root, string name, string tenant, Guid streamId, int version)
    {
        var text = Text(root, name, tenant, streamId, version);
        return Guid.TryParseExact(text, "D", out var id) && text == EventHash.FormatId(id)
            ? id
            : throw new EventLineException($"{name} must be a lowercase UUID", tenant, streamId, version);
    }

    private static long Number(JsonElement root, string name, string tenant, Guid streamId, int version) =>
        Field(root, name, tenant, streamId, version) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number)
            ? number
            : throw new EventLineException($"{name} must be a whole number", tenant, streamId, version);

    private static string Payload(JsonElement root, string name, string tenant, Guid streamId, int version) =>
        Field(root, name, tenant, streamId, version) is { ValueKind: JsonValueKind.Object } value
            ? value.GetRawText()
            : throw new EventLineException($"{name} must be a JSON object", tenant, streamId, version);

    private static string Hex(JsonElement root, string name, string tenant, Guid streamId, int version)
    {
        var text = Text(root, name, tenant, streamId, version);
        return text.Length == 64 && text.All(char.IsAsciiHexDigitLower)
            ? text
            : throw new EventLineException($"{name} must be 64 lowercase hex digits", tenant, streamId, version);
    }
}
