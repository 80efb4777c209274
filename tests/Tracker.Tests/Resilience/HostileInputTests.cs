using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Commands;
using Tracker.Http;
using Tracker.Tests.Conventions;
using Tracker.Tests.Support;
using Tracker.Web;
using Xunit.Abstractions;

namespace Tracker.Tests.Resilience;

/// <summary>
/// Ten thousand malformed and hostile requests across every mapped route, from every kind of caller: not one
/// may make the server fail (5xx), and not one may write.
/// </summary>
public sealed partial class HostileInputTests(TrackerAppFactory app, ITestOutputHelper output) : IClassFixture<TrackerAppFactory>
{
    private const int Seed = 20260130;
    private const int Requests = 10_000;

    [Fact(Timeout = 120_000)]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_and_write_nothing()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var ids = await Newsroom.Seed(app, reporter);
        var anonymous = app.Client();
        var signIn = FormToken().Match(await anonymous.GetStringAsync("/login"));
        var callers = new List<Caller>
        {
            new("anonymous", anonymous, new HashSet<Role>(), FormToken: KeyValuePair.Create(signIn.Groups[1].Value, WebUtility.HtmlDecode(signIn.Groups[2].Value))),
            new("forged token", app.Client("trk_" + new string('A', 43)), new HashSet<Role>()),
            new("other newsroom", await app.OtherNewsroom(Enum.GetValues<Role>()), Enum.GetValues<Role>().ToHashSet(), OtherNewsroom: true),
        };
        foreach (var role in Enum.GetValues<Role>()) callers.Add(new(role.ToString(), (await app.As(role)).Client, new HashSet<Role> { role }));
        var generator = new HostileInput(Seed, MappedRoutes(), callers, ids, route => ValidBody(route, ids));
        var before = await app.EventCount();

        var serverErrors = new ConcurrentQueue<string>();
        var writes = new ConcurrentQueue<string>();
        var notProblems = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = bound.Token }, async (_, ct) =>
        {
            Probe probe;
            lock (generator) probe = generator.Next();
            using var request = probe.Request;
            using var response = await probe.Caller.Client.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status < 500 && !(status < 300 && request.Method == HttpMethod.Post && probe.Route.Pattern.StartsWith("/api/", StringComparison.Ordinal))
                // The path as it reached the app (the client resolves "%2e%2e" segments): a browser is shown a page outside /api.
                && !(status >= 400 && response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)
                     && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                return;
            var body = await response.Content.ReadAsStringAsync(ct);
            var line = $"{status} {probe.Description}: {(body.Length > 300 ? body[..300] : body)}";
            if (status >= 500) serverErrors.Enqueue(line);
            else if (status < 300) writes.Enqueue(line);
            else notProblems.Enqueue($"{response.Content.Headers.ContentType} {line}");
        });
        output.WriteLine($"{Requests} requests in {clock.Elapsed.TotalSeconds:0.0} s (seed {Seed}): " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));

        serverErrors.Take(20).ShouldBeEmpty($"{serverErrors.Count} server errors");
        writes.Take(20).ShouldBeEmpty($"{writes.Count} accepted writes");
        notProblems.Take(20).ShouldBeEmpty($"{notProblems.Count} API errors that are not problem documents");
        (await app.EventCount()).ShouldBe(before, "no hostile request appended an event");
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("a\\u0000b")]
    [InlineData("\\ud800")]
    [InlineData("lone \\udfff low")]
    [InlineData("cut \\ud83d")]
    public async Task Text_the_database_cannot_hold_is_refused_as_bad_input_not_a_500(string escaped)
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        var response = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Text($"{{\"title\":\"{escaped}\",\"summary\":\"Meetings reported by the FT\"}}").ToUrl("/api/stories");
            s.WithRequestHeader("Content-Type", "application/json");
            s.IgnoreStatusCode();
        });
        (await ShouldBeBadInput(response)).GetProperty("field").GetString().ShouldBe("title");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_search_for_a_nul_character_is_refused_as_bad_input_not_a_500()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var response = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Get.Url("/api/sources?q=a%00b");
            s.IgnoreStatusCode();
        });
        (await ShouldBeBadInput(response)).GetProperty("field").GetString().ShouldBe("q");
    }

    /// <summary>
    /// NUL in every text field of every JSON route's valid body, one field at a time, from an account the route admits,
    /// and in every query parameter a read takes: the random requests above rarely get a NUL past a body's other rules
    /// to a handler, which is where it used to fail (a url, a new account's name, a tag filter).
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task A_NUL_in_any_text_field_or_query_parameter_is_bad_input_on_every_route_never_a_500()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var ids = await Newsroom.Seed(app, reporter);
        var everyone = app.Client((await SignUp.Create(app.Admin, app.Client(), "Nul Sweep " + Guid.NewGuid().ToString("N")[..6], Enum.GetValues<Role>())).Token);
        var before = await app.EventCount();
        var wrong = new List<string>();
        var tried = 0;
        foreach (var route in MappedRoutes())
        {
            var path = RouteTable.Rules.TryGetValue(route.Key, out var rule) && rule.Foreign is { } foreign
                ? foreign(ids).Path.Split('?')[0] : RouteTable.Sample(route.Pattern);
            if (route.Method == "GET" && route.Pattern.StartsWith("/api/", StringComparison.Ordinal))
                foreach (var name in new[] { "q", "tag", "status", "rating", "source", "story", "assignee", "sort", "asOf", "version", "from", "to", "afterSeq", "limit", "page", "pageSize" })
                {
                    tried++;
                    using var response = await everyone.GetAsync($"{path}?{name}=a%00b");
                    if ((int)response.StatusCode >= 500) wrong.Add($"{(int)response.StatusCode} GET {path}?{name}=a%00b: {await response.Content.ReadAsStringAsync()}");
                }
            if (route.Method != "POST" || !route.JsonBody || ValidBody(route, ids) is not { } body) continue;
            foreach (var field in TextFields(body))
            {
                tried++;
                var json = body.DeepClone().AsObject();
                Set(json, field, "a\0b");
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
                using var response = await everyone.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{status} POST {path} with NUL in {field}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        output.WriteLine($"{tried} requests with a NUL");
        tried.ShouldBeGreaterThan(50);
        wrong.ShouldBeEmpty();
        (await app.EventCount()).ShouldBe(before);
    }

    /// <summary>The dotted paths of a body's text values, nested objects and lists included.</summary>
    private static IEnumerable<string> TextFields(JsonNode node, string path = "") => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : TextFields(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => item is null ? [] : TextFields(item, $"{path}[{i}]")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [path],
        _ => [],
    };

    private static void Set(JsonObject body, string path, string text)
    {
        JsonNode node = body;
        var steps = Regex.Split(path, @"\.|(?=\[)").Where(s => s.Length > 0).ToList();
        foreach (var step in steps[..^1])
            node = step.StartsWith('[') ? node[int.Parse(step.Trim('[', ']'))]! : node[step]!;
        var last = steps[^1];
        JsonNode value = JsonValue.Create(text); // written as \u0000
        if (last.StartsWith('[')) node[int.Parse(last.Trim('[', ']'))] = value;
        else node[last] = value;
    }

    [Fact]
    public async Task Json_in_a_charset_nobody_knows_is_refused_as_unsupported_not_a_500()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        await app.Problem(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.ByteArray(Encoding.UTF8.GetBytes("{\"title\":\"t\",\"summary\":\"s\"}")).ToUrl("/api/stories");
            s.WithRequestHeader("Content-Type", "application/json; charset=bogus");
        }, HttpStatusCode.UnsupportedMediaType, rule: "json_required");
    }

    [Fact]
    public async Task A_workbench_form_the_framework_cannot_read_is_refused_as_bad_input_not_a_500()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        var response = await reporter.PostAsync("/stories", new FormUrlEncodedContent([KeyValuePair.Create("title", "a\0b"), KeyValuePair.Create("summary", "s")]));
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, rule: "malformed_form");
        (await app.EventCount()).ShouldBe(before);
    }

    private static async Task<JsonElement> ShouldBeBadInput(IScenarioResult result)
    {
        var body = await result.ReadAsTextAsync();
        var response = result.Context.Response;
        response.StatusCode.ShouldBeInRange(400, 499, body);
        response.ContentType.ShouldNotBeNull(body);
        MediaTypeHeaderValue.Parse(response.ContentType).MediaType.ShouldBe("application/problem+json", body);
        return JsonDocument.Parse(body).RootElement;
    }

    private IReadOnlyList<HostileRoute> MappedRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var accepts = e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
                return (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new HostileRoute(method,
                    "/" + e.RoutePattern.RawText!.Trim('/'), accepts.Any(t => t.Contains("json")),
                    accepts.Any(t => t.Contains("form")) || method == "POST" && e.Metadata.GetMetadata<WorkbenchPage>() is not null,
                    e.Metadata.GetMetadata<AllowedRoles>()?.Roles));
            })
            .DistinctBy(r => r.Key)];

    /// <summary>A body the route would accept from a caller it admits: the access matrix's, or one written here for routes that name no resource.</summary>
    private static JsonObject? ValidBody(HostileRoute route, ForeignIds ids)
    {
        object? body = route.Key switch
        {
            "POST /api/stories" => new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" },
            "POST /api/sources" => new { kind = "article", name = "Financial Times report", outlet = "Financial Times" },
            "POST /api/accounts" => new { name = "new desk", roles = new[] { "reporter" } },
            _ => RouteTable.Rules.TryGetValue(route.Key, out var rule) ? rule.Foreign?.Invoke(ids).Body : null,
        };
        return body is null ? null : JsonSerializer.SerializeToNode(body, Json.Options) as JsonObject;
    }

    [GeneratedRegex("name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
