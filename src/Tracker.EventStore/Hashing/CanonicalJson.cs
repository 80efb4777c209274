using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tracker.EventStore.Hashing;

/// <summary>
/// RFC 8785 (JCS) canonical form: object keys sorted by UTF-16 code units, no whitespace,
/// ECMAScript string escaping. Event payloads carry integers only, so a fractional or
/// exponent number is refused rather than risk a representation other verifiers disagree on.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonElement element)
    {
        var builder = new StringBuilder(256);
        Write(builder, element);
        return builder.ToString();
    }

    public static void Write(StringBuilder output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first) output.Append(',');
                    first = false;
                    WriteString(output, property.Name);
                    output.Append(':');
                    Write(output, property.Value);
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0) output.Append(',');
                    Write(output, item);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                if (!element.TryGetInt64(out var integer))
                    throw new FormatException($"Only integers may be hashed; found {element.GetRawText()}.");
                output.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True: output.Append("true"); break;
            case JsonValueKind.False: output.Append("false"); break;
            case JsonValueKind.Null: output.Append("null"); break;
            default: throw new FormatException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    /// <summary>True when the string is written as it is: nothing to escape and no surrogates to check.</summary>
    public static bool IsPlain(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('\u0000', '\u001f') < 0 && value.IndexOfAny('"', '\\') < 0 && value.IndexOfAnyInRange('\ud800', '\udfff') < 0;

    public static void WriteString(StringBuilder output, string value)
    {
        // Most strings need no escaping and hold no surrogates: copy them whole (vectorised scans).
        if (IsPlain(value))
        {
            output.Append('"').Append(value).Append('"');
            return;
        }
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // A lone surrogate has no UTF-8 form; two verifiers would hash it differently.
                        if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                            throw new FormatException("Strings must be valid Unicode (lone surrogate found).");
                        output.Append(c).Append(value[++i]);
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
        output.Append('"');
    }
}
