using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Accounts;

public sealed record CreateAccountRequest(string Name, IReadOnlyList<Role> Roles, string? Password = null);

public sealed record ChangeRolesRequest(IReadOnlyList<Role> Roles);

public sealed record DisableAccountRequest(string Reason);

public sealed record Me(Guid Id, string Name, string Newsroom, IReadOnlyList<Role> Roles);

public sealed record CreatedAccount(Guid Id, string Name, IReadOnlyList<Role> Roles, Guid TokenId, string? Token);

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

        api.MapPost("/accounts", (HttpContext http, CreateAccountRequest request, AccountService accounts) =>
        {
            var created = NewAccount.Prepare(request.Name, request.Roles);
            return Write.Run(http,
                async (context, _) => await accounts.Create(context, created, request.Password, http.RequestAborted),
                _ => new Reply(201, new CreatedAccount(created.Id, created.Name, created.Roles, created.TokenId, created.Token), $"/api/accounts/{created.Id}")
                {
                    // A retry must not find the token at rest in the idempotency table.
                    ReplayBody = new CreatedAccount(created.Id, created.Name, created.Roles, created.TokenId, null),
                });
        }).Allow(Access.Admins).WithTags("Accounts").WithSummary("Create an account; its token is shown once");

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

        api.MapPost("/accounts/{id:guid}/tokens", (HttpContext http, Guid id, AccountService accounts) =>
        {
            var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
            return Write.Run(http,
                (context, _) => accounts.IssueToken(context, id, tokenId, token, http.RequestAborted),
                _ => new Reply(201, new IssuedToken(tokenId, token)) { ReplayBody = new IssuedToken(tokenId, null) });
        }).Allow(Access.Admins).WithTags("Accounts").WithSummary("Issue another token for an account");

        api.MapPost("/accounts/{id:guid}/tokens/{tokenId:guid}/revoke", (HttpContext http, Guid id, Guid tokenId, AccountService accounts) =>
            Write.Run(http, (context, _) => accounts.RevokeToken(context, id, tokenId, http.RequestAborted),
                _ => new Reply(200, new { tokenId, revoked = true })))
            .Allow(Access.Admins).WithTags("Accounts").WithSummary("Revoke a token; it stops working at once");
    }
}
