using Tracker.Commands;

namespace Tracker.Accounts;

/// <summary>The account created, with its first token: the only moment the token is ever visible.</summary>
public sealed record NewAccount(Guid Id, string Name, IReadOnlyList<Role> Roles, Guid TokenId, string Token);

/// <summary>Account writes shared by the API, the CLI, first start and the demo loader.</summary>
public sealed class AccountService(CommandRunner runner, AccountDirectory directory)
{
    public const int MinPasswordLength = 10;

    public async Task<(CommandOutcome Outcome, NewAccount? Account)> Create(CommandContext context, string name, IReadOnlyList<Role> roles,
        string? password, CancellationToken ct = default)
    {
        if (password is not null && (password.Length < MinPasswordLength || password.Length > 200))
            return (Rejected("password", "length", $"A password has {MinPasswordLength} to 200 characters."), null);

        var id = Guid.CreateVersion7();
        var token = ApiToken.New();
        var command = new CreateAccount(id, name ?? "", roles, password is not null, Guid.CreateVersion7(), ApiToken.Hash(token));
        var taken = !string.IsNullOrWhiteSpace(name) && await directory.NameTaken(context.By.Newsroom, name, ct);
        var withCredential = password is null ? context : context with { Also = Both(context.Also, new AlsoInTransaction(AccountDirectory.StoreCredential(context.By.Newsroom, id, password))) };
        var outcome = await runner.Start(withCredential, id, AccountEventTypes.StreamType, _ => CreateAccountDecision.Decide(command, taken), ct: ct);
        return (outcome, outcome is CommandOutcome.Appended ? new NewAccount(id, command.Name.Trim(), roles, command.TokenId, token) : null);
    }

    public async Task<(CommandOutcome? Outcome, string? Token, Guid TokenId)> IssueToken(CommandContext context, Guid accountId, CancellationToken ct = default)
    {
        var token = ApiToken.New();
        var tokenId = Guid.CreateVersion7();
        var outcome = await runner.Update<Account>(context, accountId, AccountEventTypes.StreamType,
            (_, _) => AccountDecisions.IssueToken(tokenId, ApiToken.Hash(token)), ct: ct);
        return (outcome, outcome is CommandOutcome.Appended ? token : null, tokenId);
    }

    public Task<CommandOutcome?> RevokeToken(CommandContext context, Guid accountId, Guid tokenId, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.RevokeToken(account, tokenId), ct: ct);

    public Task<CommandOutcome?> ChangeRoles(CommandContext context, Guid accountId, IReadOnlyList<Role> roles, CancellationToken ct = default) =>
        runner.Update<Account>(context, accountId, AccountEventTypes.StreamType, (account, _) => AccountDecisions.ChangeRoles(account, roles), ct: ct);

    private static CommandOutcome Rejected(string field, string rule, string message) =>
        new CommandOutcome.Rejected(new Rejection(RejectionKind.BrokenRule, field, rule, message));

    private static AlsoInTransaction Both(AlsoInTransaction? first, AlsoInTransaction second) =>
        first is null ? second : async (conn, results, ct) =>
        {
            await first(conn, results, ct);
            await second(conn, results, ct);
        };
}
