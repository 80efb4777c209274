using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Stories;

/// <summary>
/// The story's write routes (Wolverine endpoints, Stories/StoryWrites) in Alba scenarios with real tokens: roles, another
/// newsroom's story not found, a stale If-Match refused with nothing appended, an Idempotency-Key replayed, a literal
/// null body and bad fields refused naming field and rule, racing writers never a 500, and the chain still verifying.
/// </summary>
public sealed class StoryRouteScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static object Opening => new { title = "Alberta separatists and US officials", summary = "Meetings, Jan to Mar 2026" };

    [Fact]
    public async Task Opening_is_201_with_where_the_story_lives_and_version_1_as_etag_and_its_chain_verifies()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(Opening).ToUrl("/api/stories");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var id = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/stories/{id}");
        var events = await app.Store.ReadStream("newsroom", id);
        events.Select(e => (e.Type, e.Version, e.StreamType)).ShouldBe([("story_opened", 1, "story")]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Without_a_token_opening_is_401_and_a_reporter_may_not_close_and_neither_appends()
    {
        var story = await Story();
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.Post.Json(Opening).ToUrl("/api/stories");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { note = "Quiet" }).ToUrl($"/api/stories/{story}/close");
            s.StatusCodeShouldBe(403);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("title", """{"title":"Taken over","reason":"mine now"}""")]
    [InlineData("close", """{"note":"closed from elsewhere"}""")]
    public async Task Another_newsrooms_story_is_404_and_appends_nothing(string route, string body)
    {
        var story = await Story();
        var other = (await app.OtherNewsroom(Role.Editor)).Token();
        var before = await app.EventCount();
        await app.PostRawProblem(other, $"/api/stories/{story}/{route}", body, HttpStatusCode.NotFound);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var story = await Story();
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        var stale = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("If-Match", "\"7\"");
            s.Post.Json(new { title = "Alberta and Washington", reason = "shorter" }).ToUrl($"/api/stories/{story}/title");
            s.StatusCodeShouldBe(412);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await stale.ReadAsJsonAsync<JsonElement>();
        (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()).ShouldBe(("If-Match", "stale_version"));
        (await app.EventCount()).ShouldBe(before);

        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("If-Match", "\"1\"");
            s.Post.Json(new { title = "Alberta and Washington", reason = "shorter" }).ToUrl($"/api/stories/{story}/title");
            s.StatusCodeShouldBe(200);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_first_answer_and_another_body_is_refused()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Opening).ToUrl("/api/stories");
            s.StatusCodeShouldBe(201);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Opening).ToUrl("/api/stories");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        JsonNode.DeepEquals(JsonNode.Parse(await again.ReadAsTextAsync()), JsonNode.Parse(await first.ReadAsTextAsync()))
            .ShouldBeTrue("the same answer as the first time");
        again.Context.Response.Headers.Location.ToString().ShouldBe(first.Context.Response.Headers.Location.ToString());
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { title = "Another story", summary = "Under the same key" }).ToUrl("/api/stories");
            s.StatusCodeShouldBe(422);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/stories")]
    [InlineData("/api/stories/{0}/summary")]
    [InlineData("/api/stories/{0}/reopen")]
    public async Task A_literal_null_body_is_400_not_500(string route)
    {
        var story = await Story();
        var (_, editor) = await app.As(Role.Editor);
        await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Text("null").ToUrl(string.Format(route, story));
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Theory]
    [InlineData("/api/stories", """{"title":"T","summary":"S","tags":["x"]}""", 400, "tags", "unknown_field")]
    [InlineData("/api/stories", """{"title":"T","summary":"S","title":"U"}""", 400, "title", "duplicate_field")]
    [InlineData("/api/stories", """{"Title":"T","summary":"S"}""", 400, "Title", "unknown_field")]
    [InlineData("/api/stories", """{"title":"T"}""", 400, "summary", "required")]
    [InlineData("/api/stories/{0}/title", """{"title":7,"reason":"r"}""", 400, "title", "type")]
    [InlineData("/api/stories/{0}/title", """{"title":"Alberta separatists and US officials","reason":"r"}""", 422, "title", "unchanged")]
    [InlineData("/api/stories/{0}/reopen", """{"reason":" "}""", 422, "reason", "required")]
    [InlineData("/api/stories/{0}/title", """{"title":"Alberta and Washington","reason":""}""", 422, "reason", "required")]
    [InlineData("/api/stories/{0}/summary", """{"summary":"Meetings, and what followed","reason":" "}""", 422, "reason", "required")]
    public async Task A_bad_field_is_a_problem_naming_the_field_and_the_rule_and_appends_nothing(string route, string body, int status,
        string field, string rule)
    {
        var story = await Story();
        var (_, editor) = await app.As(Role.Editor);
        if (route.EndsWith("reopen")) await app.PostJson(editor.Token, $"/api/stories/{story}/close", new { note = "Quiet" });
        var before = await app.EventCount();
        await app.PostRawProblem(editor.Token, string.Format(route, story), body, (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var story = await Story();
        var (_, editor) = await app.As(Role.Editor);
        await app.Problem(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.FormData(new Dictionary<string, string> { ["note"] = "Quiet" }).ToUrl($"/api/stories/{story}/close");
        }, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Closing_then_reopening_keeps_the_note_and_the_reason_as_the_events_reasons()
    {
        var story = await Story();
        var (_, editor) = await app.As(Role.Editor);
        (await app.PostJson(editor.Token, $"/api/stories/{story}/close", new { note = "Quiet for a month" })).GetProperty("version").GetInt32().ShouldBe(2);
        (await app.PostJson(editor.Token, $"/api/stories/{story}/reopen", new { reason = "New reporting" })).GetProperty("version").GetInt32().ShouldBe(3);
        var events = await app.Store.ReadStream("newsroom", story);
        events.Select(e => (e.Type, e.Metadata.Reason)).ShouldBe([("story_opened", null), ("story_closed", "Quiet for a month"), ("story_reopened", "New reporting")]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Retitles_racing_without_if_match_wait_their_turn_and_all_land_in_order()
    {
        var story = await Story();
        var (_, reporter) = await app.As(Role.Reporter);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(desk => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { title = $"Title from desk {desk}", reason = "race" }).ToUrl($"/api/stories/{story}/title");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK, string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("version").GetInt32()).Order().ShouldBe([2, 3, 4, 5, 6, 7]);
        (await app.Store.ReadStream("newsroom", story)).Select(e => e.Version).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Concurrent_retries_of_one_idempotency_key_open_one_story_and_none_is_a_500()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", "open-once");
            s.Post.Json(Opening).ToUrl("/api/stories");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict,
            string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        answers.Where(a => a.StatusCode == HttpStatusCode.Created).Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetGuid())
            .Distinct().Count().ShouldBe(1, "every 201 names the one story opened");
        (await app.EventCount()).ShouldBe(before + 1);
    }

    private async Task<Guid> Story()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        return (await app.PostJson(reporter.Token, "/api/stories", Opening)).Id();
    }
}
