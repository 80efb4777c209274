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

/// <summary>
/// Accounts over HTTP: admins list them, everyone can ask who they are and list their tokens. The writes are Wolverine
/// endpoints (<see cref="AccountWrites"/>, <see cref="MyTokenWrites"/>) but for redeeming a setup code, which stays here
/// (docs/architecture.md).
/// </summary>
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

        api.MapPost("/accounts/setup", Setup).AllowAnonymous().WithTags("Accounts")
            .WithSummary("Redeem a setup code: set your password and take your first token (shown once)");

        var me = api.MapGroup("/me/tokens").WithTags("Accounts");
        me.MapGet("", async (HttpContext http, AccountDirectory directory) =>
            Results.Ok(await directory.Tokens(http.Actor().Newsroom, http.Actor().AccountId, http.RequestAborted)))
            .Allow(Access.Anyone).WithSummary("Your tokens (never their secrets)");
    }

    private static async Task<IResult> Setup(HttpContext http, SetupRequest request, AccountService accounts, SignInThrottle throttle)
    {
        if (string.IsNullOrWhiteSpace(request.SetupCode))
            return Problems.Problem(400, "required", "Send the setup code you were given.", "setupCode");
        // A code is far shorter; a long text is no code, and is not hashed or counted against the throttle.
        if (request.SetupCode.Length > 100)
            return Problems.Problem(400, "too_long", "A setup code is at most 100 characters: send the one you were given.", "setupCode");
        // Codes are guessed like passwords are: the same throttle, counted per code and per address.
        var who = SignInThrottle.SetupCode(SetupCode.Hash(request.SetupCode));
        var address = http.Connection.RemoteIpAddress;
        if (throttle.Begin(who, address, out var wait) is not { } attempt)
        {
            SignInThrottle.RetryAfter(http.Response, wait);
            return Problems.Problem(429, "too_many_attempts", "Too many failed attempts; try again later.");
        }
        var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
        var outcome = await attempt.Check(() => accounts.Redeem(request.SetupCode, request.Password, tokenId, token, http.RequestAborted),
            redeemed => redeemed is CommandOutcome.Appended);
        return outcome switch
        {
            null => Problems.Problem(404, "not_found", "No account has this setup code.", "setupCode"),
            CommandOutcome.Rejected r => Problems.For(r.Rejection),
            CommandOutcome.Appended => Results.Ok(new IssuedToken(tokenId, token)),
            _ => Problems.Problem(409, "concurrent_write", "Someone else changed this account at the same moment; try again."),
        };
    }
}
