using Tracker.Commands;

namespace Tracker.Accounts;

public sealed record CreateAccount(Guid AccountId, string Name, IReadOnlyList<Role> Roles, bool WithPassword, Guid TokenId, string TokenHash);

public static class CreateAccountDecision
{
    public static Decision Decide(CreateAccount command, bool nameTaken)
    {
        var rejection = Check.First(
            Check.Text("name", command.Name, 100),
            command.Roles.Count == 0 ? new(RejectionKind.BrokenRule, "roles", "required", "An account needs at least one role.") : null,
            command.Roles.Distinct().Count() != command.Roles.Count ? new(RejectionKind.BrokenRule, "roles", "duplicate", "Each role may be given once.") : null,
            nameTaken ? new(RejectionKind.Conflict, "name", "name_taken", $"This newsroom already has an account named '{command.Name}'.") : null);
        if (rejection is not null) return rejection;

        var events = new List<object>
        {
            new AccountCreated(command.AccountId, command.Name.Trim(), command.Roles),
            new TokenIssued(command.TokenId, command.TokenHash),
        };
        if (command.WithPassword) events.Add(new PasswordSet());
        return Decision.Accept([.. events]);
    }
}

public static class AccountDecisions
{
    public static Decision ChangeRoles(Account account, IReadOnlyList<Role> roles) =>
        roles.Count == 0
            ? Decision.Invalid("roles", "required", "An account needs at least one role.")
            : Decision.Accept(new RolesChanged([.. roles.Distinct()]));

    public static Decision RevokeToken(Account account, Guid tokenId) =>
        account.TokensRevoked.TryGetValue(tokenId, out var revoked)
            ? revoked ? Decision.Conflict("already_revoked", "This token is already revoked.", "tokenId") : Decision.Accept(new TokenRevoked(tokenId))
            : Decision.NotFound("tokenId", "This account has no such token.");

    public static Decision IssueToken(Guid tokenId, string hash) => Decision.Accept(new TokenIssued(tokenId, hash));

    /// <summary>An admin locked out of their own account could not undo it; another admin must.</summary>
    public static Decision Disable(Account account, string reason, Actor by) =>
        account.Id == by.AccountId ? Decision.Forbidden("own_account", "You cannot disable your own account.")
        : account.IsDisabled ? Decision.Conflict("already_disabled", "This account is already disabled.")
        : Check.Text("reason", reason, TextLimits.Note) is { } rejection ? rejection
        : Decision.Accept(new AccountDisabled(reason.Trim()));

    public static Decision Enable(Account account, Actor by) =>
        account.Id == by.AccountId ? Decision.Forbidden("own_account", "You cannot enable your own account.")
        : !account.IsDisabled ? Decision.Conflict("not_disabled", "This account is not disabled.")
        : Decision.Accept(new AccountEnabled());
}
