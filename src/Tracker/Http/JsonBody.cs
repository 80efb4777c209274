using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Tracker.Http;

/// <summary>
/// A request's JSON body read as the minimal-API routes read it, for endpoints that read it themselves (the Wolverine
/// ones): the app's strict options, and every failure a <see cref="BadHttpRequestException"/> that
/// <see cref="ErrorHandling"/> turns into the same problem (415 not JSON, 400 naming the field, 400 for a literal null).
/// </summary>
public static class JsonBody
{
    public static async Task<T> Read<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{http.Request.ContentType}\".",
                StatusCodes.Status415UnsupportedMediaType);
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
        T? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<T>(json, http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"Failed to read parameter \"{typeof(T).Name} body\" from the request body as JSON.",
                StatusCodes.Status400BadRequest, e);
        }
        finally
        {
            if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
        }
        return body ?? throw new BadHttpRequestException($"Required parameter \"{typeof(T).Name} body\" was not provided from body.",
            StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// For a route that takes no body (approve, restore, enable, a revocation, a checkpoint): nothing, blank or <c>{}</c>
    /// is fine, anything else a 400, as an unknown field is on every other route, rather than silently ignored (a client
    /// sending a note with an approval would lose it). <see cref="Unexpected"/> is null when the body is acceptable.
    /// </summary>
    public static async Task<IResult> WithoutBody(HttpContext http, Func<Task<IResult>> write) => await Unexpected(http) ?? await write();

    public static async Task<IResult?> Unexpected(HttpContext http)
    {
        if (!http.Request.Body.CanSeek) return null; // BodyLimit buffers every body that can be one
        http.Request.Body.Position = 0;
        using var text = new StreamReader(http.Request.Body, leaveOpen: true);
        var body = await text.ReadToEndAsync(http.RequestAborted);
        http.Request.Body.Position = 0;
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                return Problems.Problem(400, "no_body", "This route takes no body (or an empty object).", "body");
            if (json.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault() is not { } field) return null;
            // The member as sent: Join would change its case, and the client must see the name it used.
            var (_, rule, detail) = JsonErrors.UnknownField(null, field);
            return Problems.Problem(400, rule, detail + " This route takes no body.", field);
        }
        catch (JsonException)
        {
            var (field, rule, detail) = JsonErrors.Malformed("body");
            return Problems.Problem(400, rule, detail, field);
        }
    }
}
