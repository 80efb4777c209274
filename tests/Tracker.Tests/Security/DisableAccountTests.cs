using System.Net;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>An admin disables an account: its tokens stop at the next request, it shows as disabled, and enabling restores it.</summary>
public sealed class DisableAccountTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private string AdminToken => app.Admin.Token();

    [Fact]
    public async Task A_disabled_accounts_token_stops_working_at_once_and_enabling_restores_it()
    {
        var (_, account) = await app.As(Role.Reporter);
        await Me(account.Token, 200);

        await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { reason = "left the newsroom" }).ToUrl($"/api/accounts/{account.Id}/disable");
            s.StatusCodeShouldBe(200);
        });
        await Me(account.Token, 401);
        (await Listed(account.Id)).GetProperty("disabled").GetBoolean().ShouldBeTrue();

        await app.Scenario(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Url($"/api/accounts/{account.Id}/enable");
            s.StatusCodeShouldBe(200);
        });
        await Me(account.Token, 200);
        (await Listed(account.Id)).GetProperty("disabled").GetBoolean().ShouldBeFalse();

        var history = (await app.Store.ReadStream("newsroom", account.Id)).Select(e => e.Type).ToList();
        history.ShouldContain("account_disabled");
        history.ShouldContain("account_enabled");
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_with_its_password()
    {
        var created = NewAccount.Prepare($"Pat {Guid.NewGuid():N}", [Role.Reporter]);
        var accounts = app.Services.GetRequiredService<AccountService>();
        var admin = new CommandContext(Tracker.Hosting.FirstStart.SystemActor("newsroom"));
        (await accounts.Create(admin, created, "a long passphrase")).ShouldBeOfType<CommandOutcome.Appended>();
        var directory = app.Services.GetRequiredService<AccountDirectory>();
        (await directory.CheckPassword("newsroom", created.Name, "a long passphrase")).ShouldNotBeNull();

        (await accounts.Disable(admin, created.Id, "on leave")).ShouldBeOfType<CommandOutcome.Appended>();

        (await directory.CheckPassword("newsroom", created.Name, "a long passphrase")).ShouldBeNull();
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account()
    {
        var me = (await app.GetJson(AdminToken, "/api/me")).GetProperty("id").GetGuid();
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { reason = "oops" }).ToUrl($"/api/accounts/{me}/disable");
        }, HttpStatusCode.Forbidden, rule: "own_account");
        await Me(AdminToken, 200);
    }

    [Fact]
    public async Task A_reason_is_required()
    {
        var (_, account) = await app.As(Role.Reporter);
        await app.Problem(s =>
        {
            s.WithBearerToken(AdminToken);
            s.Post.Json(new { reason = " " }).ToUrl($"/api/accounts/{account.Id}/disable");
        }, HttpStatusCode.UnprocessableEntity, field: "reason");
    }

    private async Task<JsonElement> Listed(Guid id) =>
        (await app.GetJson(AdminToken, "/api/accounts")).EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);

    /// <summary>GET /api/me with this token must answer exactly this status.</summary>
    private Task<IScenarioResult> Me(string token, int status) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url("/api/me");
            s.StatusCodeShouldBe(status);
        });
}
