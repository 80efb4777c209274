using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

public sealed class AccountTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task First_start_leaves_an_owner_only_admin_token_that_works()
    {
        var path = Path.Combine(app.DataFolder, FirstStart.TokenFile);
        File.Exists(path).ShouldBeTrue();
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var me = await app.Admin.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("name").GetString().ShouldBe("admin");
        me.GetProperty("newsroom").GetString().ShouldBe("newsroom");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["admin"]);
    }

    [Fact]
    public async Task An_admin_creates_an_account_whose_token_is_shown_once_and_works()
    {
        var response = await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Ada Editor", roles = new[] { "editor", "auditor" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        response.Headers.Location!.ToString().ShouldBe($"/api/accounts/{created.Id}");
        created.Token!.ShouldStartWith("trk_");
        (created.Token.Length - 4).ShouldBeGreaterThanOrEqualTo(22, "at least 128 bits of base64url");

        var me = await app.Client(created.Token).GetFromJsonAsync<Me>("/api/me", Json.Options);
        me!.Id.ShouldBe(created.Id);
        me.Roles.ShouldBe([Role.Editor, Role.Auditor], ignoreOrder: true);

        var history = await app.Store.ReadStream("newsroom", created.Id);
        history.Select(e => e.Type).ShouldBe(["account_created", "token_issued"]);
        history[1].DataJson!.ShouldNotContain(created.Token, Case.Sensitive, "only the token's hash is stored");
        history[0].Metadata.Actor!.ShouldStartWith("admin <");
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var (client, account) = await app.As(Role.Reporter);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoke = await app.Admin.PostAsync($"/api/accounts/{account.Id}/tokens/{account.TokenId}/revoke", null);
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await client.GetAsync("/api/me")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await app.Admin.PostAsync($"/api/accounts/{account.Id}/tokens/{account.TokenId}/revoke", null))
            .ShouldBeProblem(HttpStatusCode.Conflict, "tokenId", "already_revoked");
    }

    [Fact]
    public async Task Role_grants_are_history_with_the_granting_admin_as_actor()
    {
        var (_, account) = await app.As(Role.Reporter);
        (await app.Admin.PostAsJsonAsync($"/api/accounts/{account.Id}/roles", new { roles = new[] { "factchecker" } })).EnsureSuccessStatusCode();
        var events = await app.Store.ReadStream("newsroom", account.Id);
        events[^1].Type.ShouldBe("roles_changed");
        events[^1].Metadata.Actor!.ShouldStartWith("admin <");
        events[^1].DataJson!.ShouldContain("factchecker");
    }

    [Theory]
    [InlineData("""{"name":"","roles":["editor"]}""", 422, "name", "required")]
    [InlineData("""{"name":"Bo","roles":[]}""", 422, "roles", "required")]
    [InlineData("""{"name":"Bo","roles":["publisher"]}""", 400, "roles[0]", "type")]
    [InlineData("""{"name":"Bo","roles":[2]}""", 400, "roles[0]", "type")]
    [InlineData("""{"name":"Bo","roles":["editor"],"isSuperuser":true}""", 400, "isSuperuser", "unknown_field")]
    [InlineData("""{"roles":["editor"]}""", 400, "name", "required")]
    [InlineData("""{"name":null,"roles":["editor"]}""", 400, "name", "required")]
    [InlineData("""{"name":"Bo","roles":["editor"],"password":"short"}""", 422, "password", "length")]
    [InlineData("""{"name":"Bo","roles":["editor"]""", 400, null, "malformed_json")]
    public async Task Bad_account_requests_name_the_field_and_the_rule_and_write_nothing(string body, int status, string? field, string rule)
    {
        var before = await app.EventCount();
        var response = await app.Admin.PostAsync("/api/accounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ShouldBeProblem((HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_name_already_taken_in_the_newsroom_is_a_409()
    {
        (await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Carla Checker", roles = new[] { "factchecker" } })).EnsureSuccessStatusCode();
        var again = await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "carla checker", roles = new[] { "reporter" } });
        await again.ShouldBeProblem(HttpStatusCode.Conflict, "name", "name_taken");
    }

    [Fact]
    public async Task A_password_lets_the_account_sign_in_and_is_never_an_event()
    {
        var response = await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Pat Password", roles = new[] { "reporter" }, password = "correct horse battery" });
        var created = (await response.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        var events = await app.Store.ReadStream("newsroom", created.Id);
        events.Select(e => e.Type).ShouldContain("password_set");
        events.ShouldAllBe(e => !e.DataJson!.Contains("correct horse") && !e.DataJson.Contains("AQAAAA"));

        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountDirectory>(app.Services);
        (await directory.CheckPassword("newsroom", "pat password", "correct horse battery")).ShouldNotBeNull();
        (await directory.CheckPassword("newsroom", "Pat Password", "wrong horse battery")).ShouldBeNull();
    }
}
