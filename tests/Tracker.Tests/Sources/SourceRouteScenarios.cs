using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Sources;

/// <summary>
/// The source registry's write routes (Wolverine endpoints, Sources/SourceWrites) in Alba scenarios with real tokens: roles,
/// another newsroom's source not found, a stale If-Match refused with nothing appended, an Idempotency-Key replayed, a
/// literal null body and bad fields refused naming field and rule, and racing writers never a 500.
/// </summary>
public sealed class SourceRouteScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static object Registration => new { kind = "article", name = "FT report", outlet = "Financial Times" };
    private static string Sha => new('c', 64);

    [Fact]
    public async Task Registering_is_201_with_where_the_source_lives_and_version_1_as_etag_and_its_chain_verifies()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(Registration).ToUrl("/api/sources");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var id = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/sources/{id}");
        (await app.Store.ReadStream("newsroom", id)).Select(e => (e.Type, e.Version, e.StreamType)).ShouldBe([("source_registered", 1, "source")]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task A_snapshot_is_201_with_the_source_version_as_etag_and_no_location()
    {
        var source = await Source();
        var (_, reporter) = await app.As(Role.Reporter);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { contentSha256 = Sha }).ToUrl($"/api/sources/{source}/snapshots");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        result.Context.Response.Headers.Location.ToString().ShouldBeEmpty();
        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Without_a_token_registering_is_401_and_a_reporter_may_not_retract_and_neither_appends()
    {
        var source = await Source();
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.Post.Json(Registration).ToUrl("/api/sources");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { note = "pulled" }).ToUrl($"/api/sources/{source}/retract");
            s.StatusCodeShouldBe(403);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("details", """{"changes":{"name":"Mine now"},"reason":"taken over"}""")]
    [InlineData("snapshots", """{"contentSha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}""")]
    [InlineData("retract", """{"note":"pulled from elsewhere"}""")]
    public async Task Another_newsrooms_source_is_404_and_appends_nothing(string route, string body)
    {
        var source = await Source();
        var other = (await app.OtherNewsroom(Role.Editor)).Token();
        var before = await app.EventCount();
        await app.PostRawProblem(other, $"/api/sources/{source}/{route}", body, HttpStatusCode.NotFound);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var source = await Source();
        var (_, checker) = await app.As(Role.Factchecker);
        var before = await app.EventCount();
        var stale = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("If-Match", "\"3\"");
            s.Post.Json(new { note = "The FT pulled the piece" }).ToUrl($"/api/sources/{source}/retract");
            s.StatusCodeShouldBe(412);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await stale.ReadAsJsonAsync<JsonElement>();
        (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()).ShouldBe(("If-Match", "stale_version"));
        (await app.EventCount()).ShouldBe(before);

        await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("If-Match", "\"1\"");
            s.Post.Json(new { note = "The FT pulled the piece" }).ToUrl($"/api/sources/{source}/retract");
            s.StatusCodeShouldBe(200);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_first_answer_and_another_body_is_refused()
    {
        var source = await Source();
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var details = new { changes = new { name = "Financial Times report" }, reason = "full name" };
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(details).ToUrl($"/api/sources/{source}/details");
            s.StatusCodeShouldBe(200);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(details).ToUrl($"/api/sources/{source}/details");
            s.StatusCodeShouldBe(200);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        JsonNode.DeepEquals(JsonNode.Parse(await again.ReadAsTextAsync()), JsonNode.Parse(await first.ReadAsTextAsync()))
            .ShouldBeTrue("the same answer as the first time");
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { changes = new { name = "Another name" }, reason = "same key" }).ToUrl($"/api/sources/{source}/details");
            s.StatusCodeShouldBe(422);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/sources")]
    [InlineData("/api/sources/{0}/details")]
    [InlineData("/api/sources/{0}/snapshots")]
    [InlineData("/api/sources/{0}/retract")]
    public async Task A_literal_null_body_is_400_not_500(string route)
    {
        var source = await Source();
        var (_, editor) = await app.As(Role.Editor);
        await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Text("null").ToUrl(string.Format(route, source));
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Theory]
    [InlineData("/api/sources", """{"kind":"rumour","name":"N"}""", 400, "kind", "type")]
    [InlineData("/api/sources", """{"kind":"article","name":"N","rating":"x"}""", 400, "rating", "unknown_field")]
    [InlineData("/api/sources", """{"kind":"article","name":" "}""", 422, "name", "required")]
    [InlineData("/api/sources/{0}/details", """{"changes":{"name":"N"}}""", 400, "reason", "required")]
    [InlineData("/api/sources/{0}/snapshots", """{"contentSha256":"not a hash"}""", 422, "contentSha256", "sha256")]
    public async Task A_bad_field_is_a_problem_naming_the_field_and_the_rule_and_appends_nothing(string route, string body, int status,
        string field, string rule)
    {
        var source = await Source();
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.PostRawProblem(reporter.Token, string.Format(route, source), body, (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_null_change_keeps_a_detail_refused_as_unchanged_on_changes_and_an_empty_string_clears_it()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var source = (await app.PostJson(reporter.Token, "/api/sources",
            new { kind = "article", name = "FT report", url = "https://www.ft.com/x", outlet = "Financial Times", author = "A. Writer" })).Id();

        var before = await app.EventCount();
        await app.PostRawProblem(reporter.Token, $"/api/sources/{source}/details", """{"changes":{"url":null},"reason":"r"}""",
            HttpStatusCode.UnprocessableEntity, "changes", "unchanged");
        (await app.EventCount()).ShouldBe(before);

        await app.PostJson(reporter.Token, $"/api/sources/{source}/details", new { changes = new { url = "", outlet = " " }, reason = "not the FT's" });
        var details = (await app.GetJson(reporter.Token, $"/api/sources/{source}")).GetProperty("details");
        details.TryGetProperty("url", out var url).ShouldBe(false, url.ToString());
        details.TryGetProperty("outlet", out var outlet).ShouldBe(false, outlet.ToString());
        details.GetProperty("author").GetString().ShouldBe("A. Writer", "a field left out keeps its value");
    }

    [Fact(Timeout = 60_000)]
    public async Task Snapshots_racing_without_if_match_wait_their_turn_and_all_land_in_order()
    {
        var source = await Source();
        var (_, reporter) = await app.As(Role.Reporter);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(desk => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { contentSha256 = new string((char)('a' + desk), 64) }).ToUrl($"/api/sources/{source}/snapshots");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created, string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("version").GetInt32()).Order().ShouldBe([2, 3, 4, 5, 6, 7]);
        (await app.Store.ReadStream("newsroom", source)).Select(e => e.Version).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
    }

    private async Task<Guid> Source()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        return (await app.PostJson(reporter.Token, "/api/sources", Registration)).Id();
    }
}
