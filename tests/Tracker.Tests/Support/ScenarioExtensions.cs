using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;

namespace Tracker.Tests.Support;

/// <summary>
/// Small helpers for Alba scenarios: the real token a fixture's client holds, a body read with the tests' JSON options,
/// authorised reads that must answer 200, JSON posts that must succeed or be refused, and RFC 9457 problem assertions on a
/// scenario's result.
/// </summary>
public static class ScenarioExtensions
{
    /// <summary>The bearer token a client from <see cref="TrackerAppFactory.Client"/> carries: one the app issued.</summary>
    public static string Token(this HttpClient client) =>
        client.DefaultRequestHeaders.Authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } token }
            ? token
            : throw new InvalidOperationException("This client carries no bearer token.");

    /// <summary>The body as <typeparamref name="T"/>, read with <see cref="Json.Options"/> (snake_case enums) as the app writes it.</summary>
    public static async Task<T> ReadAs<T>(this IScenarioResult result)
    {
        var body = await result.ReadAsTextAsync();
        return JsonSerializer.Deserialize<T>(body, Json.Options) ?? throw new InvalidOperationException($"No {typeof(T).Name} in: {body}");
    }

    /// <summary>GET with this token; the answer must be 200. Returns the result to read.</summary>
    public static Task<IScenarioResult> Get(this TrackerAppFactory app, string token, string url) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });

    /// <summary>GET with this token; the answer must be 200 and is read as JSON.</summary>
    public static async Task<JsonElement> GetJson(this TrackerAppFactory app, string token, string url) =>
        await (await app.Get(token, url)).ReadAs<JsonElement>();

    /// <summary>GET with this token; the answer must be 200 and is read as text.</summary>
    public static async Task<string> GetText(this TrackerAppFactory app, string token, string url) =>
        await (await app.Get(token, url)).ReadAsTextAsync();

    /// <summary>Sends the request and asserts its answer is a problem with this status (and field and rule when given).</summary>
    public static async Task<JsonElement> Problem(this TrackerAppFactory app, Action<Scenario> request, HttpStatusCode status,
        string? field = null, string? rule = null)
    {
        var result = await app.Scenario(s =>
        {
            request(s);
            s.StatusCodeShouldBe(status);
        });
        return await result.ShouldBeProblem(status, field, rule);
    }

    /// <summary>
    /// POSTs this JSON text as it stands (a literal null, an unknown field, a wrong type) with the token, or no body at all
    /// when <paramref name="json"/> is null, and asserts the problem it is refused with (see <see cref="Problem"/>).
    /// </summary>
    public static Task<JsonElement> PostRawProblem(this TrackerAppFactory app, string token, string url, string? json, HttpStatusCode status,
        string? field = null, string? rule = null) =>
        app.Problem(s =>
        {
            s.WithBearerToken(token);
            if (json is null) s.Post.Url(url);
            else
            {
                s.Post.Text(json).ToUrl(url);
                s.WithRequestHeader("Content-Type", "application/json");
            }
        }, status, field, rule);

    /// <summary>Sends the request and returns its status and body, whatever they are: for racing requests judged together.</summary>
    public static async Task<(HttpStatusCode StatusCode, string Body)> Answer(this TrackerAppFactory app, Action<Scenario> request)
    {
        var result = await app.Scenario(s =>
        {
            request(s);
            s.IgnoreStatusCode();
        });
        return ((HttpStatusCode)result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    /// <summary>Asserts an RFC 9457 problem with this status, and the field and rule it names when given.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this IScenarioResult result, HttpStatusCode status, string? field = null, string? rule = null)
    {
        var body = await result.ReadAsTextAsync();
        var response = result.Context.Response;
        response.StatusCode.ShouldBe((int)status, body);
        response.ContentType.ShouldNotBeNull(body);
        MediaTypeHeaderValue.Parse(response.ContentType).MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status, body);
        if (field is not null) problem.GetProperty("field").GetString().ShouldBe(field, body);
        if (rule is not null) problem.GetProperty("rule").GetString().ShouldBe(rule, body);
        return problem;
    }

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

    /// <summary>POSTs <paramref name="body"/> as JSON with the token and asserts the problem it is refused with (see <see cref="Problem"/>).</summary>
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
