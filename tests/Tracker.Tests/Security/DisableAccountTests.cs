using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>An admin disables an account: its tokens stop at the next request, it shows as disabled, and enabling restores it.</summary>
public sealed class DisableAccountTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_disabled_accounts_token_stops_working_at_once_and_enabling_restores_it()
    {
        var (reporter, account) = await app.As(Role.Reporter);
        (await reporter.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var disabled = await app.Admin.PostAsJsonAsync($"/api/accounts/{account.Id}/disable", new { reason = "left the newsroom" });
        disabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reporter.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Listed(account.Id)).GetProperty("disabled").GetBoolean().ShouldBeTrue();

        (await app.Admin.PostAsync($"/api/accounts/{account.Id}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reporter.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
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
        var me = JsonDocument.Parse(await app.Admin.GetStringAsync("/api/me")).RootElement.GetProperty("id").GetGuid();
        var refused = await app.Admin.PostAsJsonAsync($"/api/accounts/{me}/disable", new { reason = "oops" });
        await refused.ShouldBeProblem(HttpStatusCode.Forbidden, rule: "own_account");
        (await app.Admin.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reason_is_required()
    {
        var (_, account) = await app.As(Role.Reporter);
        var refused = await app.Admin.PostAsJsonAsync($"/api/accounts/{account.Id}/disable", new { reason = " " });
        await refused.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, field: "reason");
    }

    private async Task<JsonElement> Listed(Guid id) =>
        JsonDocument.Parse(await app.Admin.GetStringAsync("/api/accounts")).RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
}
