using Tracker.Commands;

namespace Tracker.Accounts;

/// <summary>
/// An account as an admin creates it (with a setup code the person redeems) or as the operator's tools do for
/// themselves and the demo (with a first token, and a password when given).
/// </summary>
public sealed record CreateAccount(Guid AccountId, string Name, IReadOnlyList<Role> Roles, bool WithPassword, Guid? TokenId, string? TokenHash,
    SetupCodeIssued? Setup = null);

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

        var events = new List<object> { new AccountCreated(command.AccountId, command.Name.Trim(), command.Roles) };
        if (command.TokenId is { } tokenId && command.TokenHash is { } hash) events.Add(new TokenIssued(tokenId, hash));
        if (command.WithPassword) events.Add(new PasswordSet());
        if (command.Setup is { } setup) events.Add(setup);
        return Decision.Accept([.. events]);
    }
}

public static class AccountDecisions
{
    /// <summary>
    /// Nobody grants themselves a role: an admin could otherwise make itself the editor that approves its own verdicts.
    /// Nor through an account they could hold (<see cref="SetUpBy"/>): an admin who creates a second admin and redeems
    /// its code would otherwise have it grant them the editor role.
    /// </summary>
    /// <param name="heldByGrantee">The granting account was set up with a code the grantee issued, directly or through
    /// accounts the grantee set up.</param>
    public static Decision ChangeRoles(Account account, IReadOnlyList<Role> roles, Actor by, bool heldByGrantee) =>
        account.Id == by.AccountId ? Decision.Forbidden("own_roles", "You cannot change your own roles; another admin must.")
        : heldByGrantee ? Decision.Forbidden("own_roles", "Your account was set up with a code this account issued (or one of the " +
            "accounts it set up did): its holder could be granting themselves. An admin it did not set up must change its roles, " +
            "or the operator with `tracker accounts roles`.")
        : roles.Count == 0 ? Decision.Invalid("roles", "required", "An account needs at least one role.")
        // The same rule and words as creating the account, so a repeated role is refused rather than quietly dropped.
        : roles.Distinct().Count() != roles.Count ? Decision.Invalid("roles", "duplicate", "Each role may be given once.")
        // No event for a no-op: the history would otherwise record a change of roles that changed nothing.
        : account.Roles.SetEquals(roles) ? Decision.Invalid("roles", "unchanged", "The account already has these roles.")
        : Decision.Accept(new RolesChanged([.. roles]));

    /// <summary>The person sets their own password and takes their first token with the code an admin passed on.</summary>
    public static Decision Redeem(Account account, string codeHash, DateTimeOffset now, Guid tokenId, string tokenHash, string password)
    {
        if (account.IsDisabled) return Decision.Forbidden("account_disabled", "This account is disabled.");
        if (account.Setup is not { } setup || setup.Hash != codeHash)
            return new Rejection(RejectionKind.Gone, "setupCode", "setup_code_used", "This setup code was already used or replaced; ask an admin for a new one.");
        if (setup.ExpiresAt <= now)
            return new Rejection(RejectionKind.Gone, "setupCode", "setup_code_expired", "This setup code has expired; ask an admin for a new one.");
        if (PasswordRule(password) is { } weak) return weak;
        return Decision.Accept(new PasswordSet(), new TokenIssued(tokenId, tokenHash, "first token"), new AccountSetUp());
    }

    /// <summary>Old password, tokens and sessions stop at once; the person sets a new password with the new code.</summary>
    public static Decision ResetPassword(Account account, Actor by, SetupCodeIssued code) =>
        account.Id == by.AccountId ? Decision.Forbidden("own_account", "You cannot reset your own password here; another admin must.")
        : Decision.Accept(new PasswordReset(), code);

    /// <summary>A token of one's own, named for where it is used.</summary>
    public static Decision IssueOwnToken(Account account, Guid tokenId, string hash, string? name) =>
        account.IsDisabled ? Decision.Forbidden("account_disabled", "This account is disabled.")
        : Check.Text("name", name, 100) is { } bad ? bad
        : Decision.Accept(new TokenIssued(tokenId, hash, name!.Trim()));

    public static Rejection? PasswordRule(string? password) =>
        password is null || password.Length < AccountService.MinPasswordLength || password.Length > 200
            ? new(RejectionKind.BrokenRule, "password", "length", $"A password has {AccountService.MinPasswordLength} to 200 characters.")
            : null;

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
