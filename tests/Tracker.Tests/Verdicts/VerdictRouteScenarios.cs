using System.Net;
using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Verdicts;

/// <summary>
/// The verdict routes' HTTP contract in Alba scenarios, with real tokens: 401 without one, 201 with Location and ETag,
/// 412 on a stale If-Match with nothing appended, problem+json naming field and rule, a literal null body refused, an
/// Idempotency-Key replayed, and the proposer never approving their own verdict.
/// </summary>
public sealed class VerdictRouteScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static object Proposal => new { rating = "true", summary = "Confirmed by the State Department", evidence = new[] { new { note = "State Department statement, 30 Jan 2026" } } };

    [Fact]
    public async Task Without_a_token_proposing_is_401_and_appends_nothing()
    {
        var claim = await Claim();
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_proposal_is_201_with_where_it_lives_and_the_claim_version_as_etag()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        var body = await result.ReadAsJsonAsync<JsonElement>();
        var verdict = body.GetProperty("verdictId").GetGuid();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/claims/{claim}#verdict-{verdict}");
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_appends_nothing()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("If-Match", "\"7\"");
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(412);
            s.ContentTypeShouldBe("application/problem+json");
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_rating_off_the_scale_is_a_problem_naming_the_field_and_the_rule()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Json(new { rating = "pants_on_fire", summary = "No", evidence = new[] { new { note = "n" } } }).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(422);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()).ShouldBe(("rating", "not_on_scale"));
    }

    [Fact]
    public async Task A_literal_null_body_is_400_not_500()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Text("null").ToUrl($"/api/claims/{claim}/verdicts");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_first_answer_and_appends_nothing()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        var key = Guid.NewGuid().ToString();
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(201);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(await again.ReadAsTextAsync()),
            System.Text.Json.Nodes.JsonNode.Parse(await first.ReadAsTextAsync())).ShouldBeTrue("the same answer as the first time");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task The_proposer_may_not_approve_their_own_verdict_even_as_an_editor()
    {
        var claim = await Claim();
        var (_, editor) = await app.As(Role.Editor);
        var proposed = await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
            s.StatusCodeShouldBe(201);
        });
        var verdict = (await proposed.ReadAsJsonAsync<JsonElement>()).GetProperty("verdictId").GetGuid();
        var refused = await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Json(new { }).ToUrl($"/api/claims/{claim}/verdicts/{verdict}/approve");
            s.StatusCodeShouldBe(403);
        });
        (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proposals_racing_without_if_match_decide_again_on_what_the_winner_wrote()
    {
        var claim = await Claim();
        var (_, checker) = await app.As(Role.Factchecker);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Json(Proposal).ToUrl($"/api/claims/{claim}/verdicts");
        }))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        foreach (var lost in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            lost.StatusCode.ShouldBe(HttpStatusCode.Conflict, lost.Body);
            JsonDocument.Parse(lost.Body).RootElement.GetProperty("rule").GetString().ShouldBe("verdict_pending");
        }
        var (_, reader) = await app.As(Role.Reporter);
        var history = (await app.GetJson(reader.Token, $"/api/claims/{claim}/history")).EnumerateArray().ToList();
        history.Select(e => e.GetProperty("version").GetInt32()).ShouldBe([1, 2], "one proposal appended, at the version after the claim's");
    }

    private async Task<Guid> Claim()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings, Jan to Mar 2026" })).Id();
        return (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "Separatist leaders met US officials three times" })).Id();
    }
}
