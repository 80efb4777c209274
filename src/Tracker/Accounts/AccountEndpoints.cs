using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Accounts;

public sealed record CreateAccountRequest(string Name, IReadOnlyList<Role> Roles);

public sealed record SetupRequest(string SetupCode, string Password);

public sealed record NewTokenRequest(string Name);

public sealed record ChangeRolesRequest(IReadOnlyList<Role> Roles);

public sealed record DisableAccountRequest(string Reason);

public sealed record Me(Guid Id, string Name, string Newsroom, IReadOnlyList<Role> Roles);

/// <summary>A new account: the setup code is shown once, to the admin who passes it on to the person.</summary>
public sealed record CreatedAccount(Guid Id, string Name, IReadOnlyList<Role> Roles, string? SetupCode, DateTimeOffset SetupExpiresAt);

public sealed record NewSetupCode(Guid Id, string? SetupCode, DateTimeOffset SetupExpiresAt);

public sealed record IssuedToken(Guid TokenId, string? Token);

/// <summary>Accounts over HTTP: admins manage them, everyone can ask who they are.</summary>
public static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext http) =>
        {
            var me = http.Actor();
            return Results.Ok(new Me(me.AccountId, me.Name, me.Newsroom, [.. me.Roles.Order()]));
        }).Allow(Access.Anyone).WithTags("Accounts").WithSummary("Who the token belongs to");

        api.MapGet("/accounts", async (HttpContext http, AccountDirectory directory) =>
            Results.Ok(await directory.List(http.Actor().Newsroom, http.RequestAborted)))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("The newsroom's accounts");

        api.MapPost("/accounts", (HttpContext http, CreateAccountRequest request, AccountService accounts, TimeProvider clock) =>
        {
            var invite = NewInvite.Prepare(request.Name, request.Roles, clock.GetUtcNow());
            return Write.Run(http,
                async (context, _) => await accounts.Invite(context, invite, http.RequestAborted),
                _ => new Reply(201, new CreatedAccount(invite.Id, invite.Name, invite.Roles, invite.SetupCode, invite.ExpiresAt), $"/api/accounts/{invite.Id}")
                {
                    // A retry must not find the code at rest in the idempotency table.
                    ReplayBody = new CreatedAccount(invite.Id, invite.Name, invite.Roles, null, invite.ExpiresAt),
                });
        }).Allow(Access.Admins).WithTags("Accounts").WithSummary("Create an account; the person redeems its setup code (shown once) to set their own password");

        api.MapPost("/accounts/setup", Setup).AllowAnonymous().WithTags("Accounts")
            .WithSummary("Redeem a setup code: set your password and take your first token (shown once)");

        api.MapPost("/accounts/{id:guid}/password-reset", (HttpContext http, Guid id, AccountService accounts, TimeProvider clock) =>
        {
            var code = NewInvite.Prepare(null, [], clock.GetUtcNow());
            return Write.Run(http, (context, _) => accounts.ResetPassword(context, id, code, http.RequestAborted),
                _ => new Reply(200, new NewSetupCode(id, code.SetupCode, code.ExpiresAt)) { ReplayBody = new NewSetupCode(id, null, code.ExpiresAt) });
        }).Allow(Access.Admins).WithTags("Accounts")
            .WithSummary("Reset someone's password (not your own): their password, tokens and sessions stop at once; a new setup code is theirs to redeem");

        api.MapPost("/accounts/{id:guid}/roles", (HttpContext http, Guid id, ChangeRolesRequest request, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.ChangeRoles(context, id, request.Roles, http.RequestAborted),
                _ => new Reply(200, new { id, roles = request.Roles.Distinct() })))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("Replace an account's roles");

        api.MapPost("/accounts/{id:guid}/disable", (HttpContext http, Guid id, DisableAccountRequest request, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.Disable(context, id, request.Reason, http.RequestAborted),
                _ => new Reply(200, new { id, disabled = true })))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("Disable an account (not your own): its tokens and sessions stop working at once");

        api.MapPost("/accounts/{id:guid}/enable", (HttpContext http, Guid id, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.Enable(context, id, http.RequestAborted),
                _ => new Reply(200, new { id, disabled = false })))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("Enable a disabled account (not your own)");

        var me = api.MapGroup("/me/tokens").WithTags("Accounts");
        me.MapGet("", async (HttpContext http, AccountDirectory directory) =>
            Results.Ok(await directory.Tokens(http.Actor().Newsroom, http.Actor().AccountId, http.RequestAborted)))
            .Allow(Access.Anyone).WithSummary("Your tokens (never their secrets)");

        me.MapPost("", (HttpContext http, NewTokenRequest request, AccountService accounts) =>
        {
            var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
            return Write.Run(http, (context, _) => accounts.IssueOwnToken(context, tokenId, token, request.Name, http.RequestAborted),
                _ => new Reply(201, new IssuedToken(tokenId, token)) { ReplayBody = new IssuedToken(tokenId, null) });
        }).Allow(Access.Anyone).WithSummary("A new token of your own (shown once)");

        me.MapPost("/{tokenId:guid}/revoke", (HttpContext http, Guid tokenId, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.RevokeToken(context, context.By.AccountId, tokenId, http.RequestAborted),
                _ => new Reply(200, new { tokenId, revoked = true })))
            .Allow(Access.Anyone).WithSummary("Revoke one of your tokens; it stops working at once");

        api.MapPost("/accounts/{id:guid}/tokens/{tokenId:guid}/revoke", (HttpContext http, Guid id, Guid tokenId, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.RevokeToken(context, id, tokenId, http.RequestAborted),
                _ => new Reply(200, new { tokenId, revoked = true })))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("Revoke a token; it stops working at once");
    }

    private static async Task<IResult> Setup(HttpContext http, SetupRequest request, AccountService accounts, SignInThrottle throttle)
    {
        if (string.IsNullOrWhiteSpace(request.SetupCode) || request.SetupCode.Length > 100)
            return Problems.Problem(400, "required", "Send the setup code you were given.", "setupCode");
        // Codes are guessed like passwords are: the same throttle, counted per code and per address.
        var who = SignInThrottle.Account("setup", SetupCode.Hash(request.SetupCode));
        var address = http.Connection.RemoteIpAddress;
        if (throttle.Refusal(who, address) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Problem(429, "too_many_attempts", "Too many failed attempts; try again later.");
        }
        var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
        var outcome = await accounts.Redeem(request.SetupCode, request.Password, tokenId, token, http.RequestAborted);
        if (outcome is not CommandOutcome.Appended) throttle.Failed(who, address);
        return outcome switch
        {
            null => Problems.Problem(404, "not_found", "No account has this setup code.", "setupCode"),
            CommandOutcome.Rejected r => Problems.For(r.Rejection),
            CommandOutcome.Appended => Results.Ok(new IssuedToken(tokenId, token)),
            _ => Problems.Problem(409, "concurrent_write", "Someone else changed this account at the same moment; try again."),
        };
    }
}
