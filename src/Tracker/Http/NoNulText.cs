using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracker.Http;

/// <summary>
/// Refuses a text holding the NUL character (<c>\u0000</c>) wherever a request's JSON has one. PostgreSQL can store it
/// neither in text nor in jsonb, so such a text could only fail later, as a 500 from the database, on whichever route
/// had no rule of its own for it. <see cref="JsonErrors"/> names the field.
/// </summary>
public sealed class NoNulText : JsonConverter<string>
{
    public const string Complaint = "must not contain the NUL character";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string? Checked(string? text) =>
        text is not null && text.Contains('\0') ? throw new JsonException($"The text {Complaint}.") : text;
}
