using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

/// <summary>
/// The account and token write routes (Wolverine endpoints, Accounts/AccountWrites and MyTokenWrites) in Alba scenarios
/// with real tokens: roles, another newsroom's account not found, a stale If-Match refused with nothing appended, an
/// Idempotency-Key replayed without the secret, a literal null body and bad fields refused naming field and rule, an
/// admin's own account out of their reach, and racing writers never a 500.
/// </summary>
public sealed class AccountRouteScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Creating_is_201_with_where_the_account_lives_and_only_the_setup_codes_hash_is_history()
    {
        var (_, admin) = await app.As(Role.Admin);
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.Post.Json(new { name = $"Dora {Guid.NewGuid():N}", roles = new[] { "reporter" } }).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        var created = await result.ReadAsJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var code = created.GetProperty("setupCode").GetString()!;
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/accounts/{id}");
        var events = await app.Store.ReadStream("newsroom", id);
        events.Select(e => (e.Type, e.Version, e.StreamType)).ShouldBe([("account_created", 1, "account"), ("setup_code_issued", 2, "account")]);
        events.ShouldAllBe(e => !e.DataJson!.Contains(code));
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task Without_a_token_any_write_is_401_and_only_an_admin_manages_accounts_and_neither_appends()
    {
        var (_, target) = await app.As(Role.Reporter);
        var (_, editor) = await app.As(Role.Editor);
        var before = await app.EventCount();
        foreach (var (url, body) in new (string, object?)[]
        {
            ("/api/accounts", new { name = "Nobody", roles = new[] { "reporter" } }),
            ($"/api/accounts/{target.Id}/disable", new { reason = "no" }),
            ("/api/me/tokens", new { name = "laptop" }),
        })
        {
            await app.Scenario(s =>
            {
                s.Post.Json(body).ToUrl(url);
                s.StatusCodeShouldBe(401);
                s.ContentTypeShouldBe("application/problem+json");
            });
        }
        foreach (var (url, body) in new (string, object?)[]
        {
            ("/api/accounts", new { name = "Nobody", roles = new[] { "reporter" } }),
            ($"/api/accounts/{target.Id}/roles", new { roles = new[] { "admin" } }),
            ($"/api/accounts/{target.Id}/disable", new { reason = "no" }),
            ($"/api/accounts/{target.Id}/enable", null),
            ($"/api/accounts/{target.Id}/password-reset", null),
            ($"/api/accounts/{target.Id}/tokens/{target.TokenId}/revoke", null),
        })
        {
            await app.Scenario(s =>
            {
                s.WithBearerToken(editor.Token);
                if (body is null) s.Post.Url(url); else s.Post.Json(body).ToUrl(url);
                s.StatusCodeShouldBe(403);
            });
        }
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Any_role_takes_and_revokes_a_token_of_its_own()
    {
        var (_, auditor) = await app.As(Role.Auditor);
        var issued = await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.Post.Json(new { name = "laptop" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(201);
        });
        var body = await issued.ReadAsJsonAsync<JsonElement>();
        var (tokenId, token) = (body.GetProperty("tokenId").GetGuid(), body.GetProperty("token").GetString()!);
        await Me(token, HttpStatusCode.OK);
        (await app.Store.ReadStream("newsroom", auditor.Id)).ShouldAllBe(e => !e.DataJson!.Contains(token));

        await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token);
            s.Post.Url($"/api/me/tokens/{tokenId}/revoke");
            s.StatusCodeShouldBe(200);
        });
        await Me(token, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("disable", """{"reason":"taken over"}""")]
    [InlineData("roles", """{"roles":["reporter"]}""")]
    [InlineData("enable", null)]
    [InlineData("password-reset", null)]
    [InlineData("tokens/{1}/revoke", null)]
    public async Task Another_newsrooms_account_is_404_and_appends_nothing(string route, string? body)
    {
        var (_, target) = await app.As(Role.Reporter);
        if (route == "enable") await app.PostJson(app.Admin.Token(), $"/api/accounts/{target.Id}/disable", new { reason = "away" });
        var other = (await app.OtherNewsroom(Role.Admin)).Token();
        var before = await app.EventCount();
        var url = $"/api/accounts/{target.Id}/" + route.Replace("{1}", target.TokenId.ToString());
        await app.PostRawProblem(other, url, body, HttpStatusCode.NotFound);
        (await app.EventCount()).ShouldBe(before);
        await Me(target.Token, route == "enable" ? HttpStatusCode.Unauthorized : HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var (_, target) = await app.As(Role.Reporter);
        var (_, admin) = await app.As(Role.Admin);
        var version = (await app.Store.ReadStream("newsroom", target.Id))[^1].Version;
        var before = await app.EventCount();
        var stale = await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.WithRequestHeader("If-Match", $"\"{version - 1}\"");
            s.Post.Json(new { reason = "left the paper" }).ToUrl($"/api/accounts/{target.Id}/disable");
            s.StatusCodeShouldBe(412);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await stale.ReadAsJsonAsync<JsonElement>();
        (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()).ShouldBe(("If-Match", "stale_version"));
        await app.Scenario(s =>
        {
            s.WithBearerToken(target.Token);
            s.WithRequestHeader("If-Match", $"\"{version - 1}\"");
            s.Post.Json(new { name = "phone" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(412);
        });
        (await app.EventCount()).ShouldBe(before);

        await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.WithRequestHeader("If-Match", $"\"{version}\"");
            s.Post.Json(new { reason = "left the paper" }).ToUrl($"/api/accounts/{target.Id}/disable");
            s.StatusCodeShouldBe(200);
            s.Header("ETag").SingleValueShouldEqual($"\"{version + 1}\"");
        });
    }

    [Fact]
    public async Task A_retried_token_request_replays_the_first_answer_without_the_token_and_another_body_is_refused()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var key = Guid.NewGuid().ToString();
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { name = "laptop" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(201);
        });
        var issued = await first.ReadAsJsonAsync<JsonElement>();
        issued.GetProperty("token").GetString()!.ShouldStartWith("trk_");
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { name = "laptop" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        var replayed = await again.ReadAsJsonAsync<JsonElement>();
        replayed.GetProperty("tokenId").GetGuid().ShouldBe(issued.GetProperty("tokenId").GetGuid());
        // Null members are left out of answers: the token is shown once, never stored for a retry.
        replayed.TryGetProperty("token", out _).ShouldBeFalse(replayed.ToString());
        await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { name = "phone" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(422);
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_retried_account_creation_replays_without_the_setup_code_and_creates_one_account()
    {
        var (_, admin) = await app.As(Role.Admin);
        var key = Guid.NewGuid().ToString();
        var body = new { name = $"Eli {Guid.NewGuid():N}", roles = new[] { "factchecker" } };
        var first = await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(body).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
        });
        var before = await app.EventCount();
        var again = await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(body).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        var expected = JsonNode.Parse(await first.ReadAsTextAsync())!.AsObject();
        expected.Remove("setupCode").ShouldBeTrue();
        JsonNode.DeepEquals(JsonNode.Parse(await again.ReadAsTextAsync()), expected).ShouldBeTrue("the first answer but for the code");
        again.Context.Response.Headers.Location.ToString().ShouldBe(first.Context.Response.Headers.Location.ToString());
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/accounts")]
    [InlineData("/api/accounts/{0}/roles")]
    [InlineData("/api/accounts/{0}/disable")]
    [InlineData("/api/me/tokens")]
    public async Task A_literal_null_body_is_400_not_500(string route)
    {
        var (_, target) = await app.As(Role.Reporter);
        var (_, admin) = await app.As(Role.Admin);
        var before = await app.EventCount();
        await app.Scenario(s =>
        {
            s.WithBearerToken(admin.Token);
            s.Post.Text("null").ToUrl(string.Format(route, target.Id));
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("roles", """{"roles":[]}""", 422, "roles", "required")]
    [InlineData("roles", """{"roles":["publisher"]}""", 400, "roles[0]", "type")]
    [InlineData("roles", """{"roles":["editor"],"scope":"all"}""", 400, "scope", "unknown_field")]
    [InlineData("disable", """{"reason":" "}""", 422, "reason", "required")]
    [InlineData("disable", """{}""", 400, "reason", "required")]
    [InlineData("enable", "", 409, null, "not_disabled")]
    [InlineData("tokens/{1}/revoke", "", 404, "tokenId", "not_found")]
    public async Task A_bad_field_is_a_problem_naming_the_field_and_the_rule_and_appends_nothing(string route, string body, int status,
        string? field, string rule)
    {
        var (_, target) = await app.As(Role.Reporter);
        var url = $"/api/accounts/{target.Id}/" + route.Replace("{1}", Guid.NewGuid().ToString());
        var before = await app.EventCount();
        await app.PostRawProblem(app.Admin.Token(), url, body.Length == 0 ? null : body, (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_token_name_too_long_is_422_naming_the_field()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.PostProblem(reporter.Token, "/api/me/tokens", new { name = new string('x', 101) }, HttpStatusCode.UnprocessableEntity, "name");
        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("disable", """{"reason":"a break"}""")]
    [InlineData("enable", null)]
    public async Task An_admin_may_not_disable_or_enable_themself_and_nothing_is_appended(string route, string? body)
    {
        var (_, admin) = await app.As(Role.Admin);
        var before = await app.EventCount();
        await app.PostRawProblem(admin.Token, $"/api/accounts/{admin.Id}/{route}", body, HttpStatusCode.Forbidden, rule: "own_account");
        (await app.EventCount()).ShouldBe(before);
        await Me(admin.Token, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var (_, target) = await app.As(Role.Reporter);
        await app.Problem(s =>
        {
            s.WithBearerToken(app.Admin.Token());
            s.Post.FormData(new Dictionary<string, string> { ["reason"] = "away" }).ToUrl($"/api/accounts/{target.Id}/disable");
        }, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact(Timeout = 60_000)]
    public async Task Racing_revokes_of_one_token_revoke_it_once_and_none_is_a_500()
    {
        var (_, target) = await app.As(Role.Reporter);
        var (_, admin) = await app.As(Role.Admin);
        var before = await app.EventCount();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(admin.Token);
            s.Post.Url($"/api/accounts/{target.Id}/tokens/{target.TokenId}/revoke");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict,
            string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        (await app.EventCount()).ShouldBe(before + 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task Racing_creations_of_one_name_create_one_account_and_none_is_a_500()
    {
        var (_, admin) = await app.As(Role.Admin);
        var name = $"Fay {Guid.NewGuid():N}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => app.Answer(s =>
        {
            s.WithBearerToken(admin.Token);
            s.Post.Json(new { name, roles = new[] { "reporter" } }).ToUrl("/api/accounts");
        }))));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict,
            string.Join("\n", answers.Select(a => $"{(int)a.StatusCode} {a.Body}")));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
    }

    /// <summary>GET /api/me with this token answers this status: 200 while the token is good, 401 once it is not.</summary>
    private Task<IScenarioResult> Me(string token, HttpStatusCode status) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url("/api/me");
            s.StatusCodeShouldBe(status);
        });
}
