using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;

namespace Tracker.Tests.Support;

/// <summary>
/// Small steps for tests that drive the app with Alba's <see cref="Scenario"/> and a real token: the token a client
/// already carries, a JSON write or read in one line, and RFC 9457 problem assertions on a scenario's answer.
/// </summary>
public static class ScenarioReads
{
    /// <summary>
    /// The real bearer token a client made by <see cref="TrackerAppFactory.Client"/>, <see cref="TrackerAppFactory.OtherNewsroom"/>
    /// or the first-start <see cref="TrackerAppFactory.Admin"/> sends, for a scenario to send the same.
    /// </summary>
    public static string Token(this HttpClient client) =>
        client.DefaultRequestHeaders.Authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } token }
            ? token
            : throw new InvalidOperationException("This client sends no bearer token.");

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
        return await result.BodyJson();
    }

    /// <summary>GETs with the token, expects 200 and returns the answer's JSON.</summary>
    public static async Task<JsonElement> GetJson(this TrackerAppFactory app, string token, string url) =>
        await (await app.Ok(token, url)).BodyJson();

    /// <summary>GETs with the token, expects 200 and reads the answer as <typeparamref name="T"/> with the API's JSON options.</summary>
    public static async Task<T> GetJson<T>(this TrackerAppFactory app, string token, string url) =>
        await (await app.Ok(token, url)).BodyAs<T>();

    /// <summary>GETs with the token and expects 200.</summary>
    public static Task<IScenarioResult> Ok(this TrackerAppFactory app, string token, string url) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });

    /// <summary>
    /// Sends the request <paramref name="request"/> describes (with its token, if any) and asserts the answer is an RFC 9457
    /// problem with this status, naming this field and rule when given; returns the problem.
    /// </summary>
    public static async Task<JsonElement> ProblemScenario(this TrackerAppFactory app, Action<Scenario> request, HttpStatusCode status,
        string? field = null, string? rule = null)
    {
        var result = await app.Scenario(s =>
        {
            request(s);
            s.StatusCodeShouldBe(status);
        });
        return await result.ShouldBeProblem(status, field, rule);
    }

    /// <summary>POSTs <paramref name="body"/> as JSON with the token and asserts the problem it is refused with (see <see cref="ProblemScenario"/>).</summary>
    public static Task<JsonElement> PostProblem(this TrackerAppFactory app, string token, string url, object body, HttpStatusCode status,
        string? field = null, string? rule = null) =>
        app.ProblemScenario(s =>
        {
            s.WithBearerToken(token);
            s.Post.Json(body).ToUrl(url);
        }, status, field, rule);

    /// <summary>The scenario's answer as an RFC 9457 problem: the same checks as <see cref="ProblemAssertions.ShouldBeProblem"/>.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this IScenarioResult result, HttpStatusCode status, string? field = null, string? rule = null)
    {
        var body = await result.ReadAsTextAsync();
        var response = result.Context.Response;
        response.StatusCode.ShouldBe((int)status, body);
        (response.ContentType is { } type ? MediaTypeHeaderValue.Parse(type).MediaType : null).ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        if (field is not null) problem.GetProperty("field").GetString().ShouldBe(field, body);
        if (rule is not null) problem.GetProperty("rule").GetString().ShouldBe(rule, body);
        return problem;
    }

    /// <summary>The answer's body as JSON; an empty body is <c>default</c>.</summary>
    public static async Task<JsonElement> BodyJson(this IScenarioResult result)
    {
        var text = await result.ReadAsTextAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The answer's body read as <typeparamref name="T"/> with the API's JSON options (snake_case enum names).</summary>
    public static async Task<T> BodyAs<T>(this IScenarioResult result) =>
        JsonSerializer.Deserialize<T>(await result.ReadAsTextAsync(), Json.Options)
        ?? throw new InvalidOperationException($"The answer was a JSON null, not a {typeof(T).Name}.");
}
