using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tracker.EventStore.Hashing;

/// <summary>
/// Writes event payloads straight in RFC 8785 form. The serializer is told to write properties in ordinal order,
/// so for payloads of plain records (strings, integers, enums, ids, times, lists) its output already is the
/// canonical form, and the parse and rewrite <see cref="CanonicalJson"/> does costs an import more than the hash.
/// Anything else takes the general path: types with dictionaries (insertion order), fractions or custom
/// converters, and any output holding an escape, since the encoder's escapes are not all RFC 8785's.
/// </summary>
public sealed class CanonicalPayloads(JsonSerializerOptions json)
{
    private readonly JsonSerializerOptions sorted = SortedCopy(json);
    private readonly ConcurrentDictionary<Type, bool> direct = new();

    [ThreadStatic] private static ArrayBufferWriter<byte>? buffer;
    [ThreadStatic] private static Utf8JsonWriter? writer;

    /// <summary>Whether payloads of this type are written canonically by the serializer itself (unless they hold an escape).</summary>
    public bool WritesDirectly(Type type) => direct.GetOrAdd(type, t => WritesDirectly(t, []));

    public string Serialize(object data)
    {
        var type = data.GetType();
        if (!WritesDirectly(type))
            return CanonicalJson.Serialize(JsonSerializer.SerializeToElement(data, type, json));

        var output = buffer ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        var utf8 = writer ??= new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        utf8.Reset(output);
        JsonSerializer.Serialize(utf8, data, type, sorted);
        utf8.Flush();
        var written = output.WrittenSpan;
        if (written.IndexOf((byte)'\\') < 0) return Encoding.UTF8.GetString(written);
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return CanonicalJson.Serialize(document.RootElement);
    }

    /// <summary>True when every object the type can hold writes its properties itself and every value is plain.</summary>
    private bool WritesDirectly(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return true;
        var info = sorted.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => info.PolymorphismOptions is null &&
                info.Properties.All(p => !p.IsExtensionData && p.CustomConverter is null && WritesDirectly(p.PropertyType, seen)),
            JsonTypeInfoKind.Enumerable => info.ElementType is { } element && WritesDirectly(element, seen),
            JsonTypeInfoKind.None => IsPlainValue(Nullable.GetUnderlyingType(type) ?? type),
            _ => false,
        };
    }

    // Integers up to long (what the general path accepts), text and values the serializer writes as plain strings.
    private static bool IsPlainValue(Type type) =>
        type.IsEnum || type == typeof(string) || type == typeof(bool) || type == typeof(Guid) ||
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ||
        type == typeof(uint) || type == typeof(ushort) || type == typeof(sbyte) ||
        type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly);

    private static JsonSerializerOptions SortedCopy(JsonSerializerOptions json)
    {
        var sorted = new JsonSerializerOptions(json)
        {
            TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(SortProperties),
        };
        sorted.MakeReadOnly();
        return sorted;
    }

    /// <summary>RFC 8785 orders keys by UTF-16 code units, which is ordinal string order.</summary>
    private static void SortProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var properties = info.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        info.Properties.Clear();
        for (var i = 0; i < properties.Count; i++)
        {
            properties[i].Order = i;
            info.Properties.Add(properties[i]);
        }
    }
}
