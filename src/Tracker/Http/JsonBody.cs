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
}
