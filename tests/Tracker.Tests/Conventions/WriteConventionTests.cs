using System.Net;
using Alba;
using Tracker.Accounts;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>If-Match, Idempotency-Key and body limits, as every write route follows them, in Alba scenarios with real tokens.</summary>
public sealed class WriteConventionTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private string Admin => app.Admin.Token();

    [Fact]
    public async Task A_stale_If_Match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var created = await app.Scenario(s =>
        {
            s.WithBearerToken(Admin);
            s.Post.Json(new { name = "Ifmatch Ivy", roles = new[] { "reporter" } }).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
            s.Header("ETag").SingleValueShouldEqual("\"2\"");
        });
        var id = (await created.ReadAs<CreatedAccount>()).Id;

        var before = await app.EventCount();
        await app.Problem(s => ChangeRoles(s, id, "\"1\""), HttpStatusCode.PreconditionFailed, "If-Match", "stale_version");
        (await app.EventCount()).ShouldBe(before);

        await app.Scenario(s =>
        {
            ChangeRoles(s, id, "\"2\"");
            s.StatusCodeShouldBe(200);
            s.Header("ETag").SingleValueShouldEqual("\"3\"");
        });
    }

    [Fact]
    public async Task A_malformed_If_Match_is_400()
    {
        var (_, account) = await app.As(Tracker.Commands.Role.Reporter);
        await app.Problem(s => ChangeRoles(s, account.Id, "\"banana\""), HttpStatusCode.BadRequest, "If-Match", "if_match_format");
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_first_response_and_appends_nothing()
    {
        var first = await app.Scenario(s =>
        {
            CreateAccount(s, "Retry Rita", "create-rita-1");
            s.StatusCodeShouldBe(201);
        });
        var firstBody = await first.ReadAs<CreatedAccount>();
        var count = await app.EventCount();

        var retry = await app.Scenario(s =>
        {
            CreateAccount(s, "Retry Rita", "create-rita-1");
            s.StatusCodeShouldBe(201);
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
            s.Header("Location").SingleValueShouldEqual(first.Context.Response.Headers.Location.ToString());
        });
        var retryBody = await retry.ReadAs<CreatedAccount>();
        retryBody.Id.ShouldBe(firstBody.Id);
        firstBody.SetupCode.ShouldNotBeNull();
        retryBody.SetupCode.ShouldBeNull("the setup code is shown once and never stored");
        (await app.EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task A_retry_is_answered_before_the_stream_is_fetched_so_a_writer_holding_it_does_not_hold_the_retry_up()
    {
        var id = (await (await app.Scenario(s => CreateAccount(s, "Locked Lou", "create-lou"))).ReadAs<CreatedAccount>()).Id;
        await app.Scenario(s =>
        {
            ChangeRoles(s, id, "\"2\"");
            s.WithRequestHeader("Idempotency-Key", "lou-editor");
        });

        // Another writer holds the account's stream row, as an exclusive fetch for writing does until it commits.
        await using var holder = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"select id from tracker.mt_streams where id = '{id}' for update", holder, tx))
            await lockRow.ExecuteScalarAsync();

        var retry = app.Scenario(s =>
        {
            ChangeRoles(s, id, "\"2\"");
            s.WithRequestHeader("Idempotency-Key", "lou-editor");
            s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });
        (await Task.WhenAny(retry, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(retry, "the retry waited for the writer's lock");
        await retry;
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task The_same_Idempotency_Key_on_a_different_request_is_refused()
    {
        await app.Scenario(s =>
        {
            CreateAccount(s, "Key Kim", "kim-key");
            s.StatusCodeShouldBe(201);
        });
        var count = await app.EventCount();
        await app.Problem(s => CreateAccount(s, "Key Lee", "kim-key"), HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "idempotency_key_reused");
        (await app.EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_key_append_once()
    {
        var count = await app.EventCount();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Scenario(s =>
        {
            CreateAccount(s, "Race Ray", "race-ray");
            s.IgnoreStatusCode();
        })));
        var statuses = attempts.Select(r => r.Context.Response.StatusCode).ToList();
        statuses.ShouldAllBe(s => s == 201 || s == 409, string.Join(",", statuses));
        (await app.EventCount()).ShouldBe(count + 2, "one account_created and one token_issued");
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_writes_nothing()
    {
        var before = await app.EventCount();
        await app.Problem(s => PostRaw(s, $$"""{"name":"{{new string('x', 300_000)}}","roles":["reporter"]}"""),
            HttpStatusCode.RequestEntityTooLarge, rule: "body_too_large");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_a_problem()
    {
        await app.Problem(s =>
        {
            s.WithBearerToken(Admin);
            s.Post.FormData(new Dictionary<string, string> { ["name"] = "x" }).ToUrl("/api/accounts");
        }, HttpStatusCode.UnsupportedMediaType);
        await app.Problem(s =>
        {
            s.WithBearerToken(Admin);
            s.Post.ByteArray([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).ToUrl("/api/accounts");
            s.WithRequestHeader("Content-Type", "application/json");
        }, HttpStatusCode.BadRequest);
        var deep = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));
        await app.Problem(s => PostRaw(s, $$"""{"name":{{deep}},"roles":["reporter"]}"""), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_routes_and_ids_are_404_problems()
    {
        await app.Problem(s =>
        {
            s.WithBearerToken(Admin);
            s.Get.Url("/api/nothing-here");
        }, HttpStatusCode.NotFound);
        await app.Problem(s =>
        {
            s.WithBearerToken(Admin);
            s.Post.Json(new { roles = new[] { "editor" } }).ToUrl($"/api/accounts/{Guid.NewGuid()}/roles");
        }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_openapi_document_is_served()
    {
        var health = await (await app.Scenario(s => s.Get.Url("/health"))).ReadAs<System.Text.Json.JsonElement>();
        health.GetProperty("database").GetProperty("reachable").GetBoolean().ShouldBeTrue();
        var openapi = await (await app.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync();
        openapi.ShouldContain("/api/accounts");
        await app.Scenario(s => s.Get.Url("/api/docs/index.html"));
    }

    private void ChangeRoles(Scenario s, Guid id, string ifMatch)
    {
        s.WithBearerToken(Admin);
        s.Post.Json(new { roles = new[] { "editor" } }).ToUrl($"/api/accounts/{id}/roles");
        s.WithRequestHeader("If-Match", ifMatch);
    }

    private void CreateAccount(Scenario s, string name, string idempotencyKey)
    {
        s.WithBearerToken(Admin);
        s.Post.Json(new { name, roles = new[] { "reporter" } }).ToUrl("/api/accounts");
        s.WithRequestHeader("Idempotency-Key", idempotencyKey);
    }

    private void PostRaw(Scenario s, string json)
    {
        s.WithBearerToken(Admin);
        s.Post.Text(json).ToUrl("/api/accounts");
        s.WithRequestHeader("Content-Type", "application/json");
    }
}
