using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tracker.Http;

/// <summary>
/// Refuses a JSON body holding the NUL character (<c>\u0000</c>) in any text, naming where: PostgreSQL can store it
/// neither in text nor in jsonb, so such a text could only fail later, as a 500 from the database, on whichever route had
/// no rule of its own for it. Checked on the buffered body (<see cref="BodyLimit"/>) once the caller is known to be
/// allowed, before any route reads it; a body without the escape at all (nearly every one) is looked at only once.
/// (A converter for every string would do it during binding, but hides every text's type from the OpenAPI document.)
/// </summary>
public static class NoNulText
{
    public static IApplicationBuilder UseNoNulText(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Body.CanSeek && http.Request.HasJsonContentType() && await Where(http) is { } field)
        {
            await Problems.Problem(400, "control_characters", $"'{field}' must not contain the NUL character (\\u0000).", field).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static async Task<string?> Where(HttpContext http)
    {
        var body = http.Request.Body;
        var length = (int)body.Length;
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            body.Position = 0;
            await body.ReadExactlyAsync(bytes.AsMemory(0, length), http.RequestAborted);
            return Find(bytes.AsSpan(0, length));
        }
        finally
        {
            body.Position = 0;
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The path of the first text holding NUL ("evidence[0].note"), or null; a body that is not JSON is left to the route.</summary>
    public static string? Find(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0) return null;
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                var top = frames.Count > 0 ? frames[^1] : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (top is { IsArray: true }) top.Index++;
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        top!.Name = reader.GetString();
                        if (top.Name!.Contains('\0')) return Path(frames);
                        break;
                    default:
                        if (top is { IsArray: true }) top.Index++;
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && reader.GetString()!.Contains('\0'))
                            return Path(frames);
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed, or not UTF-8 (GetString cannot decode it): the route's own reading says so, naming what it can.
        }
        return null;
    }

    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
            if (frame.IsArray) path.Append('[').Append(frame.Index).Append(']');
            else path.Append(path.Length == 0 ? "" : ".").Append(frame.Name);
        return path.Length == 0 ? "body" : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Name { get; set; }
    }
}
