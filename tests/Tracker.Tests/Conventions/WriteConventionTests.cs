using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tracker.Accounts;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>If-Match, Idempotency-Key and body limits, as every write route follows them.</summary>
public sealed class WriteConventionTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_stale_If_Match_is_412_and_appends_nothing_while_the_current_one_writes()
    {
        var created = await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Ifmatch Ivy", roles = new[] { "reporter" } });
        created.Headers.ETag!.Tag.ShouldBe("\"2\"");
        var id = (await created.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!.Id;

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/roles") { Content = JsonContent.Create(new { roles = new[] { "editor" } }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var before = await app.EventCount();
        await (await app.Admin.SendAsync(stale)).ShouldBeProblem(HttpStatusCode.PreconditionFailed, "If-Match", "stale_version");
        (await app.EventCount()).ShouldBe(before);

        var current = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{id}/roles") { Content = JsonContent.Create(new { roles = new[] { "editor" } }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        var ok = await app.Admin.SendAsync(current);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        ok.Headers.ETag!.Tag.ShouldBe("\"3\"");
    }

    [Fact]
    public async Task A_malformed_If_Match_is_400()
    {
        var (_, account) = await app.As(Tracker.Commands.Role.Reporter);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account.Id}/roles") { Content = JsonContent.Create(new { roles = new[] { "editor" } }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"banana\"");
        await (await app.Admin.SendAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest, "If-Match", "if_match_format");
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_first_response_and_appends_nothing()
    {
        HttpRequestMessage Create() => new(HttpMethod.Post, "/api/accounts")
        {
            Content = JsonContent.Create(new { name = "Retry Rita", roles = new[] { "reporter" } }),
            Headers = { { "Idempotency-Key", "create-rita-1" } },
        };
        var first = await app.Admin.SendAsync(Create());
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var firstBody = (await first.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        var count = await app.EventCount();

        var retry = await app.Admin.SendAsync(Create());
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        var retryBody = (await retry.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        retryBody.Id.ShouldBe(firstBody.Id);
        firstBody.SetupCode.ShouldNotBeNull();
        retryBody.SetupCode.ShouldBeNull("the setup code is shown once and never stored");
        (await app.EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_on_a_different_request_is_refused()
    {
        var first = new HttpRequestMessage(HttpMethod.Post, "/api/accounts")
        { Content = JsonContent.Create(new { name = "Key Kim", roles = new[] { "reporter" } }), Headers = { { "Idempotency-Key", "kim-key" } } };
        (await app.Admin.SendAsync(first)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var count = await app.EventCount();
        var other = new HttpRequestMessage(HttpMethod.Post, "/api/accounts")
        { Content = JsonContent.Create(new { name = "Key Lee", roles = new[] { "reporter" } }), Headers = { { "Idempotency-Key", "kim-key" } } };
        await (await app.Admin.SendAsync(other)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "idempotency_key_reused");
        (await app.EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_key_append_once()
    {
        var count = await app.EventCount();
        var attempts = Enumerable.Range(0, 8).Select(_ => app.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/accounts")
        {
            Content = JsonContent.Create(new { name = "Race Ray", roles = new[] { "reporter" } }),
            Headers = { { "Idempotency-Key", "race-ray" } },
        }));
        var responses = await Task.WhenAll(attempts);
        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict, string.Join(",", statuses));
        (await app.EventCount()).ShouldBe(count + 2, "one account_created and one token_issued");
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_writes_nothing()
    {
        var before = await app.EventCount();
        var huge = new StringContent($$"""{"name":"{{new string('x', 300_000)}}","roles":["reporter"]}""", Encoding.UTF8, "application/json");
        await (await app.Admin.PostAsync("/api/accounts", huge)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, rule: "body_too_large");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_a_problem()
    {
        await (await app.Admin.PostAsync("/api/accounts", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")))
            .ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        await (await app.Admin.PostAsync("/api/accounts", new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) { Headers = { ContentType = new("application/json") } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        var deep = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));
        await (await app.Admin.PostAsync("/api/accounts", new StringContent($$"""{"name":{{deep}},"roles":["reporter"]}""", Encoding.UTF8, "application/json")))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_routes_and_ids_are_404_problems()
    {
        await (await app.Admin.GetAsync("/api/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Admin.PostAsJsonAsync($"/api/accounts/{Guid.NewGuid()}/roles", new { roles = new[] { "editor" } })).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_openapi_document_is_served()
    {
        var health = await app.Client().GetFromJsonAsync<System.Text.Json.JsonElement>("/health");
        health.GetProperty("database").GetProperty("reachable").GetBoolean().ShouldBeTrue();
        var openapi = await app.Client().GetStringAsync("/openapi/v1.json");
        openapi.ShouldContain("/api/accounts");
        (await app.Client().GetAsync("/api/docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
