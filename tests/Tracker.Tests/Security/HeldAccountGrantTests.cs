using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// An admin could create a second admin, redeem its setup code themselves and have it grant them the editor role (or
/// reset a colleague's password and do the same as them). Whoever issued the code that set up an account may hold it:
/// such an account cannot grant roles to that admin, directly or through accounts it set up in turn.
/// </summary>
public sealed class HeldAccountGrantTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task An_admin_account_someone_set_up_cannot_grant_them_roles_even_through_another()
    {
        var first = await MyId(app.Admin);
        var puppet = await SignUp.Create(app.Admin, app.Client(), "Puppet " + Guid.NewGuid().ToString("N")[..6], [Role.Admin]);
        var second = await SignUp.Create(app.Client(puppet.Token), app.Client(), "Puppet two " + Guid.NewGuid().ToString("N")[..6], [Role.Admin]);
        var before = await app.EventCount();

        await GrantRefused(puppet.Token, first);
        await GrantRefused(second.Token, first);
        await GrantRefused(second.Token, puppet.Id);

        (await app.EventCount()).ShouldBe(before);
        (await Roles(app.Admin)).ShouldNotContain("editor");
        // Downstream or beside is fine: the puppet may still change the roles of an account the first admin set up.
        var (_, colleague) = await app.As(Role.Reporter);
        await Grant(puppet.Token, colleague.Id, 200);
    }

    [Fact]
    public async Task A_password_reset_makes_the_admin_who_reset_it_a_possible_holder()
    {
        var first = await MyId(app.Admin);
        // An admin the operator made from the shell: nobody in the newsroom issued its code.
        var invite = NewInvite.Prepare("Olga " + Guid.NewGuid().ToString("N")[..6], [Role.Admin], DateTimeOffset.UtcNow);
        (await app.Services.GetRequiredService<AccountService>().Invite(new CommandContext(FirstStart.SystemActor("newsroom")), invite))
            .ShouldBeOfType<CommandOutcome.Appended>();
        var olga = await SignUp.Redeem(app.Client(), invite.SetupCode, "a long passphrase");
        var second = await SignUp.Create(app.Admin, app.Client(), "Sam " + Guid.NewGuid().ToString("N")[..6], [Role.Reporter]);
        await Grant(olga.Token!, first, 200, "admin", "factchecker");

        var reset = await app.Admin.PostAsync($"/api/accounts/{invite.Id}/password-reset", null);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("setupCode").GetString()!;
        var held = await SignUp.Redeem(app.Client(), code, "another long passphrase");

        await GrantRefused(held.Token!, first);
        await Grant(held.Token!, second.Id, 200, "factchecker");
    }

    [Fact]
    public async Task Two_admins_resetting_each_other_still_lead_back_to_whoever_set_them_up()
    {
        var first = await MyId(app.Admin);
        var b = await SignUp.Create(app.Admin, app.Client(), "Bea " + Guid.NewGuid().ToString("N")[..6], [Role.Admin]);
        var c = await SignUp.Create(app.Admin, app.Client(), "Cy " + Guid.NewGuid().ToString("N")[..6], [Role.Admin]);
        // As C, reset B and hold it again; as B, reset C and hold it again: each was last set up by the other.
        var heldB = await ResetAndRedeem(c.Token, b.Id);
        var heldC = await ResetAndRedeem(heldB, c.Id);

        await GrantRefused(heldB, first);
        await GrantRefused(heldC, first);
    }

    private async Task<string> ResetAndRedeem(string adminToken, Guid account)
    {
        var reset = await app.Client(adminToken).PostAsync($"/api/accounts/{account}/password-reset", null);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("setupCode").GetString()!;
        return (await SignUp.Redeem(app.Client(), code, "yet another long passphrase")).Token!;
    }

    private Task GrantRefused(string token, Guid account) => app.Problem(s =>
    {
        s.WithBearerToken(token);
        s.Post.Json(new { roles = new[] { "admin", "editor" } }).ToUrl($"/api/accounts/{account}/roles");
    }, HttpStatusCode.Forbidden, rule: "own_roles");

    private Task Grant(string token, Guid account, int status, params string[] roles) => app.Scenario(s =>
    {
        s.WithBearerToken(token);
        s.Post.Json(new { roles = roles.Length == 0 ? ["factchecker"] : roles }).ToUrl($"/api/accounts/{account}/roles");
        s.StatusCodeShouldBe(status);
    });

    private static async Task<Guid> MyId(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();

    private static async Task<string[]> Roles(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
}
