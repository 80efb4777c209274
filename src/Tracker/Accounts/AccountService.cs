using Marten;
using Tracker.Commands;
using Tracker.Store;
using Wolverine.Marten;
using Wolverine.Runtime;
using AccountStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Accounts.Account>>;

namespace Tracker.Accounts;

/// <summary>The account to create, with its first token: the only moment the token is ever visible.</summary>
public sealed record NewAccount(Guid Id, string Name, IReadOnlyList<Role> Roles, Guid TokenId, string Token)
{
    /// <summary>Ids and token are drawn before the command runs, so the reply is known inside the append transaction.</summary>
    public static NewAccount Prepare(string? name, IReadOnlyList<Role> roles) =>
        new(Guid.CreateVersion7(), (name ?? "").Trim(), roles, Guid.CreateVersion7(), ApiToken.New());
}

/// <summary>An account an admin invites: the person redeems the setup code, shown once, to set their own password.</summary>
public sealed record NewInvite(Guid Id, string Name, IReadOnlyList<Role> Roles, string SetupCode, DateTimeOffset ExpiresAt)
{
    public static NewInvite Prepare(string? name, IReadOnlyList<Role> roles, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), (name ?? "").Trim(), roles, Tracker.Accounts.SetupCode.New(), now + Tracker.Accounts.SetupCode.Lifetime);

    public SetupCodeIssued Issued => new(Tracker.Accounts.SetupCode.Hash(SetupCode), ExpiresAt);
}

/// <summary>A write on one account by one of <see cref="AccountWrites"/>' rule functions.</summary>
public sealed record ChangeAccount(CommandContext Context, Guid AccountId, Func<Account, Actor, DateTimeOffset, Decision> Decide, string? Reason = null)
    : IDeskWrite;

public static class AccountDeskWriteHandlers
{
    public static async Task<Written> Handle(ChangeAccount change,
        [WriteAggregate(nameof(ChangeAccount.AccountId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] AccountStream account,
        IDocumentSession session, Ledger ledger, CancellationToken ct) =>
        new(await AccountWrites.Decide(change.Context, account, session, ledger, change.Decide, change.Reason, ct));
}

/// <summary>Account writes shared by the workbench, the CLI, first start and the demo loader, sent through Wolverine (<see cref="DeskWrites"/>).</summary>
public sealed class AccountService(IWolverineRuntime wolverine, AccountDirectory directory, Ledger ledger)
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
        return await wolverine.Open(new OpenStream(withCredential, account.Id, AccountEventTypes.StreamType, (_, _) => CreateAccountDecision.Decide(command, taken)), ct);
    }

    /// <summary>An admin creates an account with a setup code; no password and no token: those are the person's own.</summary>
    public async Task<CommandOutcome> Invite(CommandContext context, NewInvite invite, CancellationToken ct = default)
    {
        var taken = invite.Name.Length > 0 && await directory.NameTaken(context.By.Newsroom, invite.Name, ct);
        return await wolverine.Open(new OpenStream(context, invite.Id, AccountEventTypes.StreamType, AccountWrites.Inviting(invite, taken)), ct);
    }

    /// <summary>
    /// Redeems a setup code as the person it was made for: their password and first token, in one append. Null when no
    /// account has that code (never had, or another newsroom's is not told apart).
    /// </summary>
    public async Task<CommandOutcome?> Redeem(string setupCode, string password, Guid tokenId, string token, CancellationToken ct = default)
    {
        if (await directory.FindBySetupCode(SetupCode.Hash(setupCode), ct) is not { } person) return null;
        var context = new CommandContext(person) { Also = AccountDirectory.StoreCredential(person.Newsroom, person.AccountId, password) };
        return await Update(context, person.AccountId,
            (account, _, now) => AccountDecisions.Redeem(account, SetupCode.Hash(setupCode), now, tokenId, ApiToken.Hash(token), password), ct: ct);
    }

    /// <summary>An admin resets someone's password: everything they held stops working, and a new setup code is theirs to redeem.</summary>
    public Task<CommandOutcome?> ResetPassword(CommandContext context, Guid accountId, NewInvite code, CancellationToken ct = default) =>
        Update(context, accountId, AccountWrites.ResettingPassword(code), ct: ct);

    /// <summary>The demo loader's fresh tokens for the demo accounts it made: the operator's tool, never an HTTP route.</summary>
    public Task<CommandOutcome?> IssueToken(CommandContext context, Guid accountId, Guid tokenId, string token, CancellationToken ct = default) =>
        Update(context, accountId, (_, _, _) => AccountDecisions.IssueToken(tokenId, ApiToken.Hash(token)), ct: ct);

    /// <summary>A token for the signed-in person's own use.</summary>
    public Task<CommandOutcome?> IssueOwnToken(CommandContext context, Guid tokenId, string token, string? name, CancellationToken ct = default) =>
        Update(context, context.By.AccountId, AccountWrites.IssuingOwnToken(tokenId, token, name), ct: ct);

    public Task<CommandOutcome?> RevokeToken(CommandContext context, Guid accountId, Guid tokenId, CancellationToken ct = default) =>
        Update(context, accountId, AccountWrites.RevokingToken(tokenId), ct: ct);

    public async Task<CommandOutcome?> ChangeRoles(CommandContext context, Guid accountId, IReadOnlyList<Role> roles, CancellationToken ct = default) =>
        await Update(context, accountId, await AccountWrites.ChangingRoles(ledger, context, accountId, roles, ct), ct: ct);

    public Task<CommandOutcome?> Disable(CommandContext context, Guid accountId, string reason, CancellationToken ct = default) =>
        Update(context, accountId, AccountWrites.Disabling(reason), reason, ct);

    public Task<CommandOutcome?> Enable(CommandContext context, Guid accountId, CancellationToken ct = default) =>
        Update(context, accountId, AccountWrites.Enabling, ct: ct);

    /// <summary>A write on an existing account by one of <see cref="AccountWrites"/>' rule functions, the one its API route applies.</summary>
    private Task<CommandOutcome?> Update(CommandContext context, Guid accountId, Func<Account, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        wolverine.Send(new ChangeAccount(context, accountId, decide, reason), ct);

    private static CommandOutcome Rejected(string field, string rule, string message) =>
        new CommandOutcome.Rejected(new Rejection(RejectionKind.BrokenRule, field, rule, message));
}
