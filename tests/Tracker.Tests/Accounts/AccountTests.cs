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
    public async Task An_admin_creates_an_account_whose_person_redeems_the_setup_code_for_their_own_token()
    {
        var response = await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Ada Editor", roles = new[] { "editor", "auditor" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<CreatedAccount>(Json.Options))!;
        response.Headers.Location!.ToString().ShouldBe($"/api/accounts/{created.Id}");
        created.SetupCode!.ShouldStartWith("setup_");
        created.SetupExpiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("trk_", Case.Sensitive, "nobody is handed a token for someone else");

        var issued = await SignUp.Redeem(app.Client(), created.SetupCode, "Ada's own passphrase");
        issued.Token!.ShouldStartWith("trk_");
        var me = await app.Client(issued.Token).GetFromJsonAsync<Me>("/api/me", Json.Options);
        me!.Id.ShouldBe(created.Id);
        me.Roles.ShouldBe([Role.Editor, Role.Auditor], ignoreOrder: true);
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountDirectory>(app.Services);
        (await directory.CheckPassword("newsroom", "Ada Editor", "Ada's own passphrase")).ShouldNotBeNull();

        var history = await app.Store.ReadStream("newsroom", created.Id);
        history.Select(e => e.Type).ShouldBe(["account_created", "setup_code_issued", "password_set", "token_issued", "account_set_up"]);
        history[0].Metadata.Actor!.ShouldStartWith("admin <");
        history[2].Metadata.Actor!.ShouldStartWith("Ada Editor <", Case.Sensitive, "the person set it up themselves");
        history.ShouldAllBe(e => !e.DataJson!.Contains(created.SetupCode) && !e.DataJson.Contains(issued.Token) && !e.DataJson.Contains("own passphrase"));
    }

    [Fact]
    public async Task A_used_or_expired_setup_code_is_gone_and_an_unknown_one_is_not_found()
    {
        var created = await (await app.Admin.PostAsJsonAsync("/api/accounts", new { name = $"Gus {Guid.NewGuid():N}", roles = new[] { "reporter" } }))
            .Content.ReadFromJsonAsync<CreatedAccount>(Json.Options);
        await SignUp.Redeem(app.Client(), created!.SetupCode!, "a long passphrase");

        var again = await app.Client().PostAsJsonAsync("/api/accounts/setup", new { setupCode = created.SetupCode, password = "another passphrase" });
        await again.ShouldBeProblem(HttpStatusCode.Gone, "setupCode", "setup_code_used");
        var unknown = await app.Client().PostAsJsonAsync("/api/accounts/setup", new { setupCode = "setup_" + new string('0', 32), password = "a long passphrase" });
        await unknown.ShouldBeProblem(HttpStatusCode.NotFound, "setupCode");
        var weak = await (await app.Admin.PostAsJsonAsync("/api/accounts", new { name = $"Wes {Guid.NewGuid():N}", roles = new[] { "reporter" } }))
            .Content.ReadFromJsonAsync<CreatedAccount>(Json.Options);
        await (await app.Client().PostAsJsonAsync("/api/accounts/setup", new { setupCode = weak!.SetupCode, password = "short" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "password", "length");
    }

    [Fact]
    public async Task An_expired_setup_code_is_gone()
    {
        var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountService>(app.Services);
        var invite = NewInvite.Prepare($"Old {Guid.NewGuid():N}", [Role.Reporter], DateTimeOffset.UtcNow.AddDays(-2));
        (await accounts.Invite(new CommandContext(FirstStart.SystemActor("newsroom")), invite)).ShouldBeOfType<CommandOutcome.Appended>();

        var late = await app.Client().PostAsJsonAsync("/api/accounts/setup", new { setupCode = invite.SetupCode, password = "a long passphrase" });
        await late.ShouldBeProblem(HttpStatusCode.Gone, "setupCode", "setup_code_expired");
    }

    [Fact]
    public async Task Tokens_are_the_holders_own_and_no_admin_mints_one_for_someone_else()
    {
        var (reporter, account) = await app.As(Role.Reporter);
        var minted = await app.Admin.PostAsync($"/api/accounts/{account.Id}/tokens", null);
        ((int)minted.StatusCode).ShouldBeOneOf(403, 404, 405);

        var own = await reporter.PostAsJsonAsync("/api/me/tokens", new { name = "laptop" });
        own.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = (await own.Content.ReadFromJsonAsync<IssuedToken>(Json.Options))!;
        (await app.Client(issued.Token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await reporter.GetStringAsync("/api/me/tokens");
        listed.ShouldContain("laptop");
        listed.ShouldNotContain(issued.Token!);
        listed.ShouldNotContain(account.Token);

        (await reporter.PostAsync($"/api/me/tokens/{issued.TokenId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client(issued.Token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await reporter.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the other token still works");
    }

    [Fact]
    public async Task A_password_reset_stops_the_old_password_and_every_token_and_is_history()
    {
        var (reporter, account) = await app.As(Role.Reporter);
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountDirectory>(app.Services);
        (await directory.CheckPassword("newsroom", account.Name, account.Password)).ShouldNotBeNull();

        var reset = await app.Admin.PostAsync($"/api/accounts/{account.Id}/password-reset", null);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement.GetProperty("setupCode").GetString()!;

        (await reporter.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await directory.CheckPassword("newsroom", account.Name, account.Password)).ShouldBeNull();
        var events = await app.Store.ReadStream("newsroom", account.Id);
        events[^2].Type.ShouldBe("password_reset");
        events[^2].Metadata.Actor!.ShouldStartWith("admin <");

        var fresh = await SignUp.Redeem(app.Client(), code, "a brand new passphrase");
        (await app.Client(fresh.Token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles_or_resets_their_own_password()
    {
        var me = (await app.Admin.GetFromJsonAsync<Me>("/api/me", Json.Options))!;
        await (await app.Admin.PostAsJsonAsync($"/api/accounts/{me.Id}/roles", new { roles = new[] { "admin", "editor" } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, rule: "own_roles");
        await (await app.Admin.PostAsync($"/api/accounts/{me.Id}/password-reset", null)).ShouldBeProblem(HttpStatusCode.Forbidden, rule: "own_account");
        (await app.Admin.GetFromJsonAsync<Me>("/api/me", Json.Options))!.Roles.ShouldBe([Role.Admin]);
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
    [InlineData("""{"name":"Bo","roles":["editor"],"password":"an admin's choice"}""", 400, "password", "unknown_field")]
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
}
