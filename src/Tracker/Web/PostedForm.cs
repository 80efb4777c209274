using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Tracker.EventStore;

namespace Tracker.Web;

/// <summary>
/// A workbench form post, read only once the route has let the account in: binding it here rather than as an
/// IFormCollection parameter keeps routing from answering 415 to a stranger before authorization answers 401.
/// The antiforgery token is checked here, for every form, whoever sends it.
/// </summary>
public sealed record PostedForm(IFormCollection Values)
{
    public static async ValueTask<PostedForm> BindAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
            throw new BadHttpRequestException("Send the form as application/x-www-form-urlencoded or multipart/form-data.", StatusCodes.Status415UnsupportedMediaType);
        if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            throw new BadHttpRequestException("The form's antiforgery token is missing or stale; reload the page and send it again.", StatusCodes.Status400BadRequest);
        return new(await http.Request.ReadFormAsync(http.RequestAborted));
    }

    /// <summary>A text field as typed, or null when left blank.</summary>
    public string? Text(string name) =>
        Values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;

    /// <summary>An id the form carries (chosen when the page was drawn, so a form sent twice is refused, not doubled).</summary>
    public Guid? Id(string name) => Guid.TryParse(Text(name), out var id) ? id : null;

    public int? Int(string name) => int.TryParse(Text(name), out var n) ? n : null;

    /// <summary>An enum field as the API spells it (snake_case); null when absent or not one of its values.</summary>
    public T? Enum<T>(string name) where T : struct, System.Enum
    {
        if (Text(name) is not { } text) return null;
        try
        {
            var value = JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(text), StoreJson.Options);
            return System.Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
