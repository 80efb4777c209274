using System.Net;
using System.Text.Json;
using Alba;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

public sealed class AccountTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private string AdminToken => app.Admin.Token();

    [Fact]
    public async Task First_start_leaves_an_owner_only_admin_token_that_works()
    {
        var path = Path.Combine(app.DataFolder, FirstStart.TokenFile);
        File.Exists(path).ShouldBeTrue();
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var me = await app.GetJson((await File.ReadAllTextAsync(path)).Trim(), "/api/me");
        me.GetProperty("name").GetString().ShouldBe("admin");
        me.GetProperty("newsroom").GetString().ShouldBe("newsroom");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["admin"]);
    }

    [Fact]
    public async Task An_admin_creates_an_account_whose_person_redeems_the_setup_code_for_their_own_token()
    {
        var response = await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { name = "Ada Editor", roles = new[] { "editor", "auditor" } }).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
        });
        var body = await response.ReadAsTextAsync();
        var created = JsonSerializer.Deserialize<CreatedAccount>(body, Json.Options)!;
        response.Context.Response.Headers.Location.ToString().ShouldBe($"/api/accounts/{created.Id}");
        created.SetupCode!.ShouldStartWith("setup_");
        created.SetupExpiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        body.ShouldNotContain("trk_", Case.Sensitive, "nobody is handed a token for someone else");

        var issued = await SignUp.Redeem(app.Client(), created.SetupCode, "Ada's own passphrase");
        issued.Token!.ShouldStartWith("trk_");
        var me = await (await app.Get(issued.Token, "/api/me")).ReadAs<Me>();
        me.Id.ShouldBe(created.Id);
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
        var created = await Invite($"Gus {Guid.NewGuid():N}");
        await SignUp.Redeem(app.Client(), created.SetupCode!, "a long passphrase");

        await app.Problem(s => s.Post.Json(new { setupCode = created.SetupCode, password = "another passphrase" }).ToUrl("/api/accounts/setup"),
            HttpStatusCode.Gone, "setupCode", "setup_code_used");
        await app.Problem(s => s.Post.Json(new { setupCode = "setup_" + new string('0', 32), password = "a long passphrase" }).ToUrl("/api/accounts/setup"),
            HttpStatusCode.NotFound, "setupCode");
        await app.Problem(s => s.Post.Json(new { setupCode = new string('x', 100_000), password = "a long passphrase" }).ToUrl("/api/accounts/setup"),
            HttpStatusCode.BadRequest, "setupCode", "too_long");
        var weak = await Invite($"Wes {Guid.NewGuid():N}");
        await app.Problem(s => s.Post.Json(new { setupCode = weak.SetupCode, password = "short" }).ToUrl("/api/accounts/setup"),
            HttpStatusCode.UnprocessableEntity, "password", "length");
    }

    [Fact]
    public async Task An_expired_setup_code_is_gone()
    {
        var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountService>(app.Services);
        var invite = NewInvite.Prepare($"Old {Guid.NewGuid():N}", [Role.Reporter], DateTimeOffset.UtcNow.AddDays(-2));
        (await accounts.Invite(new CommandContext(FirstStart.SystemActor("newsroom")), invite)).ShouldBeOfType<CommandOutcome.Appended>();

        await app.Problem(s => s.Post.Json(new { setupCode = invite.SetupCode, password = "a long passphrase" }).ToUrl("/api/accounts/setup"),
            HttpStatusCode.Gone, "setupCode", "setup_code_expired");
    }

    [Fact]
    public async Task Tokens_are_the_holders_own_and_no_admin_mints_one_for_someone_else()
    {
        var (_, account) = await app.As(Role.Reporter);
        var minted = await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{account.Id}/tokens");
            s.IgnoreStatusCode();
        });
        minted.Context.Response.StatusCode.ShouldBeOneOf(403, 404, 405);

        var own = await app.Scenario(s =>
        {
            s.WithBearerToken(account.Token);
            s.Post.Json(new { name = "laptop" }).ToUrl("/api/me/tokens");
            s.StatusCodeShouldBe(201);
        });
        var issued = await own.ReadAs<IssuedToken>();
        await Me(issued.Token!, 200);

        var listed = await app.GetText(account.Token, "/api/me/tokens");
        listed.ShouldContain("laptop");
        listed.ShouldNotContain(issued.Token!);
        listed.ShouldNotContain(account.Token);

        await app.Scenario(s =>
        {
            s.WithBearerToken(account.Token);
            s.Post.Url($"/api/me/tokens/{issued.TokenId}/revoke");
            s.StatusCodeShouldBe(200);
        });
        await Me(issued.Token!, 401);
        await Me(account.Token, 200); // the other token still works
    }

    [Fact]
    public async Task A_password_reset_stops_the_old_password_and_every_token_and_is_history()
    {
        var (_, account) = await app.As(Role.Reporter);
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AccountDirectory>(app.Services);
        (await directory.CheckPassword("newsroom", account.Name, account.Password)).ShouldNotBeNull();

        var reset = await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{account.Id}/password-reset");
            s.StatusCodeShouldBe(200);
        });
        var code = (await reset.ReadAs<JsonElement>()).GetProperty("setupCode").GetString()!;

        await Me(account.Token, 401);
        (await directory.CheckPassword("newsroom", account.Name, account.Password)).ShouldBeNull();
        var events = await app.Store.ReadStream("newsroom", account.Id);
        events[^2].Type.ShouldBe("password_reset");
        events[^2].Metadata.Actor!.ShouldStartWith("admin <");

        var fresh = await SignUp.Redeem(app.Client(), code, "a brand new passphrase");
        await Me(fresh.Token!, 200);
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles_or_resets_their_own_password()
    {
        var me = await (await app.Get(AdminToken, "/api/me")).ReadAs<Me>();
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { roles = new[] { "admin", "editor" } }).ToUrl($"/api/accounts/{me.Id}/roles");
        }, HttpStatusCode.Forbidden, rule: "own_roles");
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{me.Id}/password-reset");
        }, HttpStatusCode.Forbidden, rule: "own_account");
        (await (await app.Get(AdminToken, "/api/me")).ReadAs<Me>()).Roles.ShouldBe([Role.Admin]);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var (_, account) = await app.As(Role.Reporter);
        await Me(account.Token, 200);

        await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{account.Id}/tokens/{account.TokenId}/revoke");
            s.StatusCodeShouldBe(200);
        });

        await app.Problem(s =>
        {
            s.WithBearerToken(account.Token);
            s.Get.Url("/api/me");
        }, HttpStatusCode.Unauthorized);
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{account.Id}/tokens/{account.TokenId}/revoke");
        }, HttpStatusCode.Conflict, "tokenId", "already_revoked");
    }

    [Fact]
    public async Task Role_grants_are_history_with_the_granting_admin_as_actor()
    {
        var (_, account) = await app.As(Role.Reporter);
        await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { roles = new[] { "factchecker" } }).ToUrl($"/api/accounts/{account.Id}/roles");
            s.StatusCodeShouldBeSuccess();
        });
        var events = await app.Store.ReadStream("newsroom", account.Id);
        events[^1].Type.ShouldBe("roles_changed");
        events[^1].Metadata.Actor!.ShouldStartWith("admin <");
        events[^1].DataJson!.ShouldContain("factchecker");
    }

    [Theory]
    [InlineData(new[] { "reporter" }, "unchanged")]
    [InlineData(new[] { "editor", "editor" }, "duplicate")]
    public async Task Roles_it_already_has_or_repeated_are_refused_naming_roles_and_append_nothing(string[] roles, string rule)
    {
        var (_, account) = await app.As(Role.Reporter);
        var before = (await app.Store.ReadStream("newsroom", account.Id)).Count;
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { roles }).ToUrl($"/api/accounts/{account.Id}/roles");
        }, HttpStatusCode.UnprocessableEntity, "roles", rule);
        (await app.Store.ReadStream("newsroom", account.Id)).Count.ShouldBe(before);
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
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Text(body).ToUrl("/api/accounts");
            s.WithRequestHeader("Content-Type", "application/json");
        }, (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_name_already_taken_in_the_newsroom_is_a_409()
    {
        await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { name = "Carla Checker", roles = new[] { "factchecker" } }).ToUrl("/api/accounts");
            s.StatusCodeShouldBeSuccess();
        });
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { name = "carla checker", roles = new[] { "reporter" } }).ToUrl("/api/accounts");
        }, HttpStatusCode.Conflict, "name", "name_taken");
    }

    private async Task<CreatedAccount> Invite(string name)
    {
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { name, roles = new[] { "reporter" } }).ToUrl("/api/accounts");
            s.StatusCodeShouldBe(201);
        });
        return await result.ReadAs<CreatedAccount>();
    }

    /// <summary>GET /api/me with this token must answer exactly this status.</summary>
    private Task<IScenarioResult> Me(string token, int status) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url("/api/me");
            s.StatusCodeShouldBe(status);
        });
}
