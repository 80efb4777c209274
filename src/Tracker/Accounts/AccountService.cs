using Tracker.Commands;

namespace Tracker.Accounts;

/// <summary>The account to create, with its first token: the only moment the token is ever visible.</summary>
public sealed record NewAccount(Guid Id, string Name, IReadOnlyList<Role> Roles, Guid TokenId, string Token)
{
    /// <summary>Ids and token are drawn before the command runs, so the reply is known inside the append transaction.</summary>
    public static NewAccount Prepare(string? name, IReadOnlyList<Role> roles) =>
        new(Guid.CreateVersion7(), (name ?? "").Trim(), roles, Guid.CreateVersion7(), ApiToken.New());
}

/// <summary>Account writes shared by the API, the CLI, first start and the demo loader.</summary>
public sealed class AccountService(CommandRunner runner, AccountDirectory directory)
{
    public const int MinPasswordLength = 10;

    public async Task<CommandOutcome> Create(CommandContext context, NewAccount account, string? password, CancellationToken ct = default)
    {
        if (password is not null && (password.Length < MinPasswordLength || password.Length > 200))
            return Rejected("password", "length", $"A password has {MinPasswordLength} to 200 characters.");

        var command = new CreateAccount(account.Id, account.Name, account.Roles, password is not null, account.TokenId, ApiToken.Hash(account.Token));
        var taken = account.Name.Length > 0 && await directory.NameTaken(context.By.Newsroom, account.Name, ct);
        var withCredential = password is null
            ? context
            : context with { Also = context.Also + AccountDirectory.StoreCredential(context.By.Newsroom, account.Id, password) };
        return await runner.Start(withCredential, account.Id, AccountEventTypes.StreamType, _ => CreateAccountDecision.Decide(command, taken), ct: ct);
    }

    public Task<CommandOutcome?> IssueToken(CommandContext context, Guid accountId, Guid tokenId, string token, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType,
            (_, _) => AccountDecisions.IssueToken(tokenId, ApiToken.Hash(token)), ct: ct);

    public Task<CommandOutcome?> RevokeToken(CommandContext context, Guid accountId, Guid tokenId, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.RevokeToken(account, tokenId), ct: ct);

    public Task<CommandOutcome?> ChangeRoles(CommandContext context, Guid accountId, IReadOnlyList<Role> roles, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.ChangeRoles(account, roles), ct: ct);

    public Task<CommandOutcome?> Disable(CommandContext context, Guid accountId, string reason, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.Disable(account, reason, context.By), reason, ct);

    public Task<CommandOutcome?> Enable(CommandContext context, Guid accountId, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.Enable(account, context.By), ct: ct);

    private static CommandOutcome Rejected(string field, string rule, string message) =>
        new CommandOutcome.Rejected(new Rejection(RejectionKind.BrokenRule, field, rule, message));
}
