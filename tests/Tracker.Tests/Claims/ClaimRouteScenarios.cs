using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Claims;

/// <summary>
/// The claim's write routes (Wolverine endpoints, Claims/ClaimWrites, ClaimOrganiseWrites and ClaimLogWrites) in Alba scenarios with real
/// tokens: roles, another newsroom's claim not found, a stale If-Match refused with nothing appended, an Idempotency-Key
/// replayed, a literal null body and bad fields refused naming field and rule, links written to both claims or neither.
/// </summary>
public sealed class ClaimRouteScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static object Attribution(Guid source) => new { sourceId = source, role = "claimant", quote = "We met them three times" };

    [Fact]
    public async Task Attributing_is_201_with_where_the_attribution_lives_and_the_claim_version_as_etag()
    {
        var (claim, source) = await ClaimAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(Attribution(source)).ToUrl($"/api/claims/{claim}/attributions");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        var attribution = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("attributionId").GetGuid();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/claims/{claim}#attribution-{attribution}");
        (await app.Store.ReadStream("newsroom", claim)).Select(e => e.Type).ShouldBe(["claim_logged", "attribution_added"]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Without_a_token_attributing_is_401_and_a_reporter_may_not_withdraw_or_approve_and_none_appends()
    {
        var (claim, source) = await ClaimAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var attribution = (await app.PostJson(reporter.Token, $"/api/claims/{claim}/attributions", Attribution(source))).Id("attributionId");
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.Post.Json(Attribution(source)).ToUrl($"/api/claims/{claim}/attributions");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { reason = "wrong person" }).ToUrl($"/api/claims/{claim}/attributions/{attribution}/withdraw");
            s.StatusCodeShouldBe(403);
        });
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { }).ToUrl($"/api/claims/{claim}/text-corrections/{Guid.NewGuid()}/approve");
            s.StatusCodeShouldBe(403);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("text", """{"text":"Taken over","reason":"mine now"}""")]
    [InlineData("text-corrections/{1}/reject", """{"reason":"not yours"}""")]
    [InlineData("attributions/{1}/withdraw", """{"reason":"not yours"}""")]
    public async Task Another_newsrooms_claim_is_404_and_appends_nothing(string route, string body)
    {
        var (claim, _) = await ClaimAndSource();
        var other = (await app.OtherNewsroom(Role.Editor)).Token();
        var before = await app.EventCount();
        await app.PostRawProblem(other, $"/api/claims/{claim}/{route.Replace("{1}", Guid.NewGuid().ToString())}", body, HttpStatusCode.NotFound);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var (claim, _) = await ClaimAndSource();
        var (_, checker) = await app.As(Role.Factchecker);
        var before = await app.EventCount();
        var stale = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("If-Match", "\"7\"");
            s.Post.Json(new { text = "Separatist leaders met US officials twice", reason = "the third was a call" }).ToUrl($"/api/claims/{claim}/text");
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
            s.Post.Json(new { text = "Separatist leaders met US officials twice", reason = "the third was a call" }).ToUrl($"/api/claims/{claim}/text");
            s.StatusCodeShouldBe(200);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_first_answer_and_another_body_is_refused()
    {
        var (claim, source) = await ClaimAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Attribution(source)).ToUrl($"/api/claims/{claim}/attributions");
            s.StatusCodeShouldBe(201);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(Attribution(source)).ToUrl($"/api/claims/{claim}/attributions");
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
            s.Post.Json(new { sourceId = source, role = "reporter", quote = "Another quote" }).ToUrl($"/api/claims/{claim}/attributions");
            s.StatusCodeShouldBe(422);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("attributions")]
    [InlineData("attributions/{1}/withdraw")]
    [InlineData("text")]
    [InlineData("text-corrections/{1}/reject")]
    public async Task A_literal_null_body_is_400_not_500(string route)
    {
        var (claim, _) = await ClaimAndSource();
        var (_, editor) = await app.As(Role.Editor);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Text("null").ToUrl($"/api/claims/{claim}/{route.Replace("{1}", Guid.NewGuid().ToString())}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("attributions", """{"sourceId":"{source}","role":"claimant","quote":"q","extra":1}""", 400, "extra", "unknown_field")]
    [InlineData("attributions", """{"sourceId":"{source}","role":"speaker","quote":"q"}""", 400, "role", "type")]
    [InlineData("attributions", """{"sourceId":"{none}","role":"claimant","quote":"q"}""", 422, "sourceId", "not_found")]
    [InlineData("text", """{"text":"Separatist leaders met US officials three times","reason":"r"}""", 422, "text", "unchanged")]
    [InlineData("text", """{"reason":"r"}""", 400, "text", "required")]
    public async Task A_bad_field_is_a_problem_naming_the_field_and_the_rule_and_appends_nothing(string route, string body, int status,
        string field, string rule)
    {
        var (claim, source) = await ClaimAndSource();
        var (_, editor) = await app.As(Role.Editor);
        var before = await app.EventCount();
        await app.PostRawProblem(editor.Token, $"/api/claims/{claim}/{route}",
            body.Replace("{source}", source.ToString()).Replace("{none}", Guid.NewGuid().ToString()), (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Withdrawing_keeps_the_reason_as_the_events_reason()
    {
        var (claim, source) = await ClaimAndSource();
        var (_, checker) = await app.As(Role.Factchecker);
        var attribution = (await app.PostJson(checker.Token, $"/api/claims/{claim}/attributions", Attribution(source))).Id("attributionId");
        (await app.PostJson(checker.Token, $"/api/claims/{claim}/attributions/{attribution}/withdraw", new { reason = "Misheard" }))
            .GetProperty("version").GetInt32().ShouldBe(3);
        (await app.Store.ReadStream("newsroom", claim)).Select(e => (e.Type, e.Metadata.Reason))
            .ShouldBe([("claim_logged", null), ("attribution_added", null), ("attribution_withdrawn", "Misheard")]);
    }

    [Fact]
    public async Task Linking_is_201_with_this_claims_version_as_etag_and_writes_to_both_claims_and_unlinking_to_both_again()
    {
        var (claim, _) = await ClaimAndSource();
        var other = await OtherClaim(claim);
        var (_, factchecker) = await app.As(Role.Factchecker);
        await app.Scenario(s =>
        {
            s.WithBearerToken(factchecker.Token);
            s.Post.Json(new { otherClaimId = other, relation = "contradicts", note = "Pollara says otherwise" }).ToUrl($"/api/claims/{claim}/links");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        (await app.PostJson(factchecker.Token, $"/api/claims/{claim}/links/{other}/unlink", new { reason = "Different questions" }))
            .GetProperty("version").GetInt32().ShouldBe(3);
        (await app.Store.ReadStream("newsroom", claim)).Select(e => (e.Type, e.Metadata.Reason))
            .ShouldBe([("claim_logged", null), ("claim_linked", "Pollara says otherwise"), ("claim_unlinked", "Different questions")]);
        (await app.Store.ReadStream("newsroom", other)).Select(e => (e.Type, e.Metadata.Reason))
            .ShouldBe([("claim_logged", null), ("claim_linked", "Pollara says otherwise"), ("claim_unlinked", "Different questions")]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Linking_to_another_newsrooms_claim_is_422_on_otherClaimId_and_writes_to_neither()
    {
        var (claim, _) = await ClaimAndSource();
        var foreign = (await app.OtherNewsroom(Role.Reporter)).Token();
        var story = (await app.PostJson(foreign, "/api/stories", new { title = "Elsewhere", summary = "Another newsroom's story" })).Id();
        var theirs = (await app.PostJson(foreign, $"/api/stories/{story}/claims", new { text = "Their claim" })).Id();
        var (_, checker) = await app.As(Role.Factchecker);
        var before = await app.EventCount();
        await app.PostProblem(checker.Token, $"/api/claims/{claim}/links", new { otherClaimId = theirs, relation = "supports" },
            HttpStatusCode.UnprocessableEntity, "otherClaimId", "not_found");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_reporter_may_add_a_note_but_not_link_tag_or_archive_and_those_append_nothing()
    {
        var (claim, _) = await ClaimAndSource();
        var other = await OtherClaim(claim);
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        foreach (var (route, body) in new (string, object)[]
        {
            ("links", new { otherClaimId = other, relation = "supports" }), ("tags", new { add = new[] { "alberta" } }), ("archive", new { reason = "dup" }),
        })
        {
            await app.Scenario(s =>
            {
                s.WithBearerToken(reporter.Token);
                s.Post.Json(body).ToUrl($"/api/claims/{claim}/{route}");
                s.StatusCodeShouldBe(403);
            });
        }
        (await app.EventCount()).ShouldBe(before);
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { text = "Call the embassy" }).ToUrl($"/api/claims/{claim}/notes");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
    }

    [Theory]
    [InlineData("links", """{"otherClaimId":"{1}","relation":"supports"}""")]
    [InlineData("links/{1}/unlink", """{"reason":"not yours"}""")]
    [InlineData("assign", """{"accountId":"{1}"}""")]
    [InlineData("tags", """{"add":["mine"]}""")]
    [InlineData("notes", """{"text":"mine"}""")]
    [InlineData("archive", """{"reason":"mine"}""")]
    [InlineData("restore", "{}")]
    public async Task Another_newsrooms_claim_is_404_for_the_organising_routes_and_appends_nothing(string route, string body)
    {
        var (claim, _) = await ClaimAndSource();
        var other = (await app.OtherNewsroom(Role.Editor)).Token();
        var before = await app.EventCount();
        await app.PostRawProblem(other, $"/api/claims/{claim}/{route.Replace("{1}", claim.ToString())}", body.Replace("{1}", claim.ToString()),
            HttpStatusCode.NotFound);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_if_match_on_a_link_is_412_and_writes_to_neither_claim()
    {
        var (claim, _) = await ClaimAndSource();
        var other = await OtherClaim(claim);
        var (_, checker) = await app.As(Role.Factchecker);
        var before = await app.EventCount();
        var stale = await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.WithRequestHeader("If-Match", "\"4\"");
            s.Post.Json(new { otherClaimId = other, relation = "supports" }).ToUrl($"/api/claims/{claim}/links");
            s.StatusCodeShouldBe(412);
        });
        (await stale.ReadAsJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldBe("stale_version");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_retried_note_with_the_same_idempotency_key_replays_and_appends_once()
    {
        var (claim, _) = await ClaimAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var before = await app.EventCount();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var replay = attempt == 1;
            await app.Scenario(s =>
            {
                s.WithBearerToken(reporter.Token);
                s.WithRequestHeader("Idempotency-Key", key);
                s.Post.Json(new { text = "Call the embassy" }).ToUrl($"/api/claims/{claim}/notes");
                s.StatusCodeShouldBe(201);
                if (replay) s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
            });
        }
        (await app.EventCount()).ShouldBe(before + 1);
    }

    [Theory]
    [InlineData("links")]
    [InlineData("links/{1}/unlink")]
    [InlineData("assign")]
    [InlineData("tags")]
    [InlineData("notes")]
    [InlineData("archive")]
    public async Task A_literal_null_body_on_an_organising_route_is_400_not_500(string route)
    {
        var (claim, _) = await ClaimAndSource();
        var (_, editor) = await app.As(Role.Editor);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Text("null").ToUrl($"/api/claims/{claim}/{route.Replace("{1}", Guid.NewGuid().ToString())}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("links", """{"otherClaimId":"{other}","relation":"refutes"}""", 400, "relation", "type")]
    [InlineData("links", """{"otherClaimId":"{claim}","relation":"supports"}""", 422, "otherClaimId", "self_link")]
    [InlineData("links/{other}/unlink", """{"reason":"r"}""", 404, "otherClaimId", "not_found")]
    [InlineData("tags", """{"add":["Not A Tag"]}""", 422, "add", "tag_format")]
    [InlineData("assign", """{"accountId":"{other}"}""", 404, "accountId", "not_found")]
    [InlineData("archive", """{}""", 400, "reason", "required")]
    public async Task A_bad_field_on_an_organising_route_names_the_field_and_the_rule_and_appends_nothing(string route, string body, int status,
        string field, string rule)
    {
        var (claim, _) = await ClaimAndSource();
        var other = await OtherClaim(claim);
        var (_, editor) = await app.As(Role.Editor);
        var before = await app.EventCount();
        string Fill(string text) => text.Replace("{claim}", claim.ToString()).Replace("{other}", other.ToString());
        await app.PostRawProblem(editor.Token, $"/api/claims/{claim}/{Fill(route)}", Fill(body), (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Archiving_then_restoring_keeps_the_reason_and_an_archived_claim_takes_no_link()
    {
        var (claim, _) = await ClaimAndSource();
        var other = await OtherClaim(claim);
        var (_, editor) = await app.As(Role.Editor);
        (await app.PostJson(editor.Token, $"/api/claims/{claim}/archive", new { reason = "Duplicate of the FT's" })).GetProperty("version").GetInt32().ShouldBe(2);
        await app.PostProblem(editor.Token, $"/api/claims/{other}/links", new { otherClaimId = claim, relation = "supports" },
            HttpStatusCode.Conflict, "otherClaimId", "claim_archived");
        (await app.PostJson(editor.Token, $"/api/claims/{claim}/restore", new { })).GetProperty("version").GetInt32().ShouldBe(3);
        (await app.Store.ReadStream("newsroom", claim)).Select(e => (e.Type, e.Metadata.Reason))
            .ShouldBe([("claim_logged", null), ("claim_archived", "Duplicate of the FT's"), ("claim_restored", null)]);
    }

    /// <summary>
    /// Each link locks its own claim and appends to the shared one at the version it read: concurrent links to one claim
    /// either land or lose at the commit as a 409, never a 500, and the shared claim's chain stays whole.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task Links_racing_to_one_claim_land_or_are_409_never_500_and_the_chain_verifies()
    {
        var (shared, _) = await ClaimAndSource();
        var claims = new List<Guid>();
        for (var i = 0; i < 5; i++) claims.Add(await OtherClaim(shared));
        var (_, checker) = await app.As(Role.Factchecker);
        var answers = await Task.WhenAll(claims.Select(claim => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Json(new { otherClaimId = shared, relation = "supports" }).ToUrl($"/api/claims/{claim}/links");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict,
            string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        (await app.Store.ReadStream("newsroom", shared)).Count.ShouldBe(1 + answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Logging_is_201_with_where_the_claim_lives_and_its_version_as_etag_and_with_an_attribution_one_append()
    {
        var (story, source) = await StoryAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var bare = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { text = "Separatist leaders met US officials three times" }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var claim = (await bare.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        bare.Context.Response.Headers.Location.ToString().ShouldBe($"/api/claims/{claim}");

        var attributed = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Post.Json(new { text = "Pollara: only 19% support", attribution = Attribution(source) }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        var body = await attributed.ReadAsJsonAsync<JsonElement>();
        body.GetProperty("storyId").GetGuid().ShouldBe(story);
        body.GetProperty("attributionId").ValueKind.ShouldBe(JsonValueKind.String);
        var events = await app.Store.ReadStream("newsroom", body.GetProperty("id").GetGuid());
        events.Select(e => (e.Type, e.Version, e.StreamType)).ShouldBe([("claim_logged", 1, "claim"), ("attribution_added", 2, "claim")]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Logging_without_a_token_is_401_in_another_newsrooms_story_404_and_in_a_closed_story_409_and_none_appends()
    {
        var (story, _) = await StoryAndSource();
        var other = (await app.OtherNewsroom(Role.Editor)).Token();
        var (_, editor) = await app.As(Role.Editor);
        await app.PostJson(editor.Token, $"/api/stories/{story}/close", new { note = "Quiet" });
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.Post.Json(new { text = "A claim" }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
        await app.PostProblem(other, $"/api/stories/{story}/claims", new { text = "A claim" }, HttpStatusCode.NotFound);
        await app.PostProblem(editor.Token, $"/api/stories/{story}/claims", new { text = "A claim" }, HttpStatusCode.Conflict, "storyId", "story_closed");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_retried_log_with_the_same_idempotency_key_replays_the_first_claim_and_another_body_is_refused()
    {
        var (story, _) = await StoryAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { text = "Separatist leaders met US officials three times" }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(201);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { text = "Separatist leaders met US officials three times" }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        JsonNode.DeepEquals(JsonNode.Parse(await again.ReadAsTextAsync()), JsonNode.Parse(await first.ReadAsTextAsync())).ShouldBeTrue();
        again.Context.Response.Headers.Location.ToString().ShouldBe(first.Context.Response.Headers.Location.ToString());
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { text = "Another claim" }).ToUrl($"/api/stories/{story}/claims");
            s.StatusCodeShouldBe(422);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("null", 400, null, null)]
    [InlineData("""{"claimedAt":"2026-01-30T00:00:00Z"}""", 400, "text", "required")]
    [InlineData("""{"text":"A claim","tags":["x"]}""", 400, "tags", "unknown_field")]
    [InlineData("""{"text":"A claim","claimedAt":"2999-01-01T00:00:00Z"}""", 422, "claimedAt", "in_future")]
    [InlineData("""{"text":"A claim","attribution":{"sourceId":"{none}","role":"claimant","quote":"q"}}""", 422, "attribution.sourceId", "not_found")]
    public async Task A_bad_log_is_a_problem_naming_the_field_and_the_rule_and_appends_nothing(string body, int status, string? field, string? rule)
    {
        var (story, _) = await StoryAndSource();
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.PostRawProblem(reporter.Token, $"/api/stories/{story}/claims", body.Replace("{none}", Guid.NewGuid().ToString()), (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/claims/{id}/archive", "Archive the claim; its record stays", "Claims")]
    [InlineData("/api/claims/{id}/text-corrections/{textCorrectionId}/approve",
        "Approve a pending rewording (an editor other than its proposer): the text changes and the correction is recorded", "Claims")]
    [InlineData("/api/stories/{id}/claims", "Log a claim in the story, optionally with its first attribution", "Stories")]
    public async Task The_openapi_document_gives_the_routes_summary_and_tag_as_the_minimal_api_did(string path, string summary, string tag)
    {
        var document = await OpenApi();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("post");
        operation.GetProperty("summary").GetString().ShouldBe(summary);
        operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe([tag]);
    }

    [Fact]
    public async Task No_operation_of_the_openapi_document_is_summarised_by_its_generated_name()
    {
        var document = await OpenApi();
        var unnamed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Route: $"{op.Name.ToUpperInvariant()} {path.Name}", Op: op.Value)))
            .Where(x => !x.Op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())
                        || summary.GetString()!.StartsWith(x.Route.Split(' ')[0] + "_", StringComparison.Ordinal))
            .Select(x => x.Route)
            .ToList();
        unnamed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/claims/{id}/verdicts", "rating")]
    [InlineData("/api/claims/{id}/verdicts/{verdictId}/reject", "reason")]
    [InlineData("/api/stories", "title")]
    [InlineData("/api/sources/{id}/retract", "note")]
    [InlineData("/api/claims/{id}/attributions", "sourceId")]
    [InlineData("/api/stories/{id}/claims", "text")]
    public async Task The_openapi_document_describes_a_wolverine_endpoints_json_body(string path, string property)
    {
        var document = await OpenApi();
        var body = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");
        var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        schema.GetProperty("properties").TryGetProperty(property, out _).ShouldBeTrue(schema.ToString());
    }

    [Fact]
    public async Task The_openapi_document_names_the_claim_list_query_parameters_as_clients_send_them()
    {
        var document = await OpenApi();
        var parameters = document.GetProperty("paths").GetProperty("/api/claims").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToList();
        parameters.ShouldBe(["q", "story", "status", "rating", "source", "assignee", "tag", "sort", "page", "pageSize"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_openapi_document_offers_the_bearer_token_and_each_routes_problem_answers()
    {
        var document = await OpenApi();
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        var paths = document.GetProperty("paths");

        var retitle = paths.GetProperty("/api/stories/{id}/title").GetProperty("post");
        retitle.GetProperty("security")[0].TryGetProperty("bearer", out _).ShouldBeTrue();
        var answers = retitle.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        answers.ShouldBeSubsetOf(["200", "400", "401", "403", "404", "409", "412", "413", "415", "422"]);
        answers.Count.ShouldBe(10);
        retitle.GetProperty("responses").GetProperty("412").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();

        var list = paths.GetProperty("/api/stories").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        list.ShouldBe(["200", "401", "403"], ignoreOrder: true);
        paths.GetProperty("/health").GetProperty("get").TryGetProperty("security", out _).ShouldBeFalse("health asks for no token");

        // Texts are typed: a converter for every string (once used to refuse NUL) left each one as {} and clients guessing.
        var texts = System.Text.RegularExpressions.Regex.Matches(document.GetRawText(), "\"type\":\\s*(?:\"string\"|\\[\\s*\"null\",\\s*\"string\"\\s*\\])").Count;
        texts.ShouldBeGreaterThan(1000);
    }

    /// <summary>The OpenAPI document as anyone may read it: no token, and it must be 200.</summary>
    private async Task<JsonElement> OpenApi() => await (await app.Scenario(s =>
    {
        s.Get.Url("/openapi/v1.json");
        s.StatusCodeShouldBe(200);
    })).ReadAs<JsonElement>();

    private async Task<(Guid Story, Guid Source)> StoryAndSource()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings, Jan to Mar 2026" })).Id();
        var source = (await app.PostJson(reporter.Token, "/api/sources", new { kind = "article", name = "FT report", outlet = "Financial Times" })).Id();
        return (story, source);
    }

    /// <summary>Another claim in the same story as <paramref name="claim"/>.</summary>
    private async Task<Guid> OtherClaim(Guid claim)
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var story = (await app.GetJson(reporter.Token, $"/api/claims/{claim}")).GetProperty("storyId").GetGuid();
        return (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "Pollara: only 19% support" })).Id();
    }

    private async Task<(Guid Claim, Guid Source)> ClaimAndSource()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings, Jan to Mar 2026" })).Id();
        var source = (await app.PostJson(reporter.Token, "/api/sources", new { kind = "article", name = "FT report", outlet = "Financial Times" })).Id();
        var claim = (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "Separatist leaders met US officials three times" })).Id();
        return (claim, source);
    }
}
