using System.Net;
using System.Text.Json;
using Alba;

namespace Tracker.Tests.Support;

/// <summary>
/// More one-line Alba scenarios with a real token, beside <see cref="ScenarioExtensions"/>: a JSON write that must
/// succeed (or answer a given status), a JSON write that must be refused with a problem, and a typed 200 read.
/// </summary>
public static class ScenarioReads
{
    /// <summary>
    /// POSTs <paramref name="body"/> as JSON with the token; expects <paramref name="status"/>, or when none is given any
    /// 2xx (as <see cref="Newsroom.Post"/> does for setup steps). Returns the answer's JSON (an empty answer is <c>default</c>).
    /// </summary>
    public static async Task<JsonElement> PostJson(this TrackerAppFactory app, string token, string url, object body, int? status = null)
    {
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Post.Json(body).ToUrl(url);
            if (status is { } expected) s.StatusCodeShouldBe(expected);
            else s.StatusCodeShouldBeSuccess();
        });
        var text = await result.ReadAsTextAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON with the token and asserts the problem it is refused with (see <see cref="ScenarioExtensions.Problem"/>).</summary>
    public static Task<JsonElement> PostProblem(this TrackerAppFactory app, string token, string url, object body, HttpStatusCode status,
        string? field = null, string? rule = null) =>
        app.Problem(s =>
        {
            s.WithBearerToken(token);
            s.Post.Json(body).ToUrl(url);
        }, status, field, rule);

    /// <summary>GET with this token; the answer must be 200 and is read as <typeparamref name="T"/> with <see cref="Json.Options"/>.</summary>
    public static async Task<T> GetJson<T>(this TrackerAppFactory app, string token, string url) =>
        await (await app.Get(token, url)).ReadAs<T>();
}
