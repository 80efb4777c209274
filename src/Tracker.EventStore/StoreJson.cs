using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracker.EventStore;

/// <summary>The JSON shape of stored payloads and metadata: camelCase, nulls omitted, enums as strings.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static readonly Hashing.CanonicalPayloads Canonical = new(Options);

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(EnumConverter());
        return options;
    }

    /// <summary>Enums as snake_case strings, as they are hashed.</summary>
    public static JsonConverter EnumConverter() => new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower);

    public static string Serialize(EventMetadata metadata) => JsonSerializer.Serialize(metadata, Options);

    /// <summary>Metadata in RFC 8785 form, as it is stored and hashed, written as payloads are (no parse and rewrite).</summary>
    public static string SerializeCanonical(EventMetadata metadata) => Canonical.Serialize(metadata);

    public static EventMetadata DeserializeMetadata(string json) =>
        JsonSerializer.Deserialize<EventMetadata>(json, Options) ?? EventMetadata.None;
}
