using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using AccountStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Accounts.Account>>;

namespace Tracker.Accounts;

/// <summary>
/// An admin's account writes as Wolverine HTTP endpoints, as <see cref="Stories.StoryWrites"/>: the account's inline
/// snapshot fetched exclusively for writing, the pure decide function, <see cref="StagedWrite"/> onto Wolverine's session,
/// and Wolverine's transactional middleware commits. If-Match, Idempotency-Key and problems are <see cref="Write.Run"/>'s.
/// Secrets stay where they were: events carry only hashes (<see cref="SetupCodeIssued"/>, <see cref="TokenIssued"/>), the
/// code or token is in the first answer only, never in the idempotency replay. A person's own tokens are
/// <see cref="MyTokenWrites"/>. Redeeming a setup code, signing in and out stay minimal APIs (docs/architecture.md).
/// </summary>
public static class AccountWrites
{
    internal const string Route = "/api/accounts";
    private const string One = Route + "/{id:guid}";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Accounts").Allow(Access.Admins);
        _ = chain.Method.Method.Name switch
        {
            nameof(Create) => builder.Accepts<CreateAccountRequest>("application/json")
                .WithSummary(chain, "Create an account; the person redeems its setup code (shown once) to set their own password"),
            nameof(ResetPassword) => builder.WithSummary(chain,
                "Reset someone's password (not your own): their password, tokens and sessions stop at once; a new setup code is theirs to redeem"),
            nameof(ChangeRoles) => builder.Accepts<ChangeRolesRequest>("application/json").WithSummary(chain, "Replace an account's roles"),
            nameof(Disable) => builder.Accepts<DisableAccountRequest>("application/json")
                .WithSummary(chain, "Disable an account (not your own): its tokens and sessions stop working at once"),
            nameof(Enable) => builder.WithSummary(chain, "Enable a disabled account (not your own)"),
            nameof(RevokeToken) => builder.WithSummary(chain, "Revoke a token; it stops working at once"),
            _ => builder,
        };
    }

    // No stream to fetch, so [Transactional] asks for the commit that [WriteAggregate] brings on the other routes.
    [WolverinePost(Route), Transactional]
    public static async Task<IResult> Create(HttpContext http, IDocumentSession session, Ledger ledger, AccountDirectory directory, TimeProvider clock)
    {
        var body = await JsonBody.Read<CreateAccountRequest>(http);
        var invite = NewInvite.Prepare(body.Name, body.Roles, clock.GetUtcNow());
        return await Write.Run(http, async context =>
            {
                // A name taken by a concurrent invite is caught at commit by the accounts table's unique key (Write.Raced: 409).
                var taken = invite.Name.Length > 0 && await directory.NameTaken(context.By.Newsroom, invite.Name, http.RequestAborted);
                return await StagedWrite.Start(context, invite.Id, AccountEventTypes.StreamType, session, ledger, Inviting(invite, taken), null,
                    http.RequestAborted);
            },
            _ => new Reply(201, new CreatedAccount(invite.Id, invite.Name, invite.Roles, invite.SetupCode, invite.ExpiresAt), $"{Route}/{invite.Id}")
            {
                // A retry must not find the code at rest in the idempotency table.
                ReplayBody = new CreatedAccount(invite.Id, invite.Name, invite.Roles, null, invite.ExpiresAt),
            });
    }

    [WolverinePost(One + "/password-reset")]
    public static Task<IResult> ResetPassword(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] AccountStream account, IDocumentSession session, Ledger ledger,
        TimeProvider clock)
    {
        var code = NewInvite.Prepare(null, [], clock.GetUtcNow());
        return JsonBody.WithoutBody(http, () => Write.Run(http, context => Decide(context, account, session, ledger, ResettingPassword(code), null, http.RequestAborted),
            _ => new Reply(200, new NewSetupCode(id, code.SetupCode, code.ExpiresAt)) { ReplayBody = new NewSetupCode(id, null, code.ExpiresAt) }));
    }

    [WolverinePost(One + "/roles")]
    public static async Task<IResult> ChangeRoles(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] AccountStream account, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ChangeRolesRequest>(http);
        return await Write.Run(http, async context => await Decide(context, account, session, ledger,
                await ChangingRoles(ledger, context, id, body.Roles, http.RequestAborted), null, http.RequestAborted),
            _ => new Reply(200, new { id, roles = body.Roles.Distinct() }));
    }

    [WolverinePost(One + "/disable")]
    public static async Task<IResult> Disable(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] AccountStream account, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<DisableAccountRequest>(http);
        return await Write.Run(http, context => Decide(context, account, session, ledger, Disabling(body.Reason), body.Reason, http.RequestAborted),
            _ => new Reply(200, new { id, disabled = true }));
    }

    [WolverinePost(One + "/enable")]
    public static Task<IResult> Enable(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] AccountStream account, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => Write.Run(http, context => Decide(context, account, session, ledger, Enabling, null, http.RequestAborted),
            _ => new Reply(200, new { id, disabled = false })));

    [WolverinePost(One + "/tokens/{tokenId:guid}/revoke")]
    public static Task<IResult> RevokeToken(HttpContext http, Guid id, Guid tokenId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] AccountStream account, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => Write.Run(http, context => Decide(context, account, session, ledger, RevokingToken(tokenId), null, http.RequestAborted),
            _ => new Reply(200, new { tokenId, revoked = true })));

    // The rules each account write applies, the same for these endpoints, the workbench's account pages and the CLI (both
    // through AccountService). Each takes hashes, never the secret's own text, into the events.
    public static Func<Actor, DateTimeOffset, Decision> Inviting(NewInvite invite, bool nameTaken) =>
        (_, _) => CreateAccountDecision.Decide(new CreateAccount(invite.Id, invite.Name, invite.Roles, false, null, null, invite.Issued), nameTaken);

    public static Func<Account, Actor, DateTimeOffset, Decision> ResettingPassword(NewInvite code) =>
        (account, by, _) => AccountDecisions.ResetPassword(account, by, code.Issued);

    /// <summary>The grant's rule, once it is known whether the grantee could hold the granting account (<see cref="SetUpBy"/>).</summary>
    public static async Task<Func<Account, Actor, DateTimeOffset, Decision>> ChangingRoles(Ledger ledger, CommandContext context, Guid accountId,
        IReadOnlyList<Role> roles, CancellationToken ct)
    {
        var heldByGrantee = await SetUpBy.CouldHold(ledger, context.By.Newsroom, accountId, context.By.AccountId, ct);
        return (account, by, _) => AccountDecisions.ChangeRoles(account, roles, by, heldByGrantee);
    }

    public static Func<Account, Actor, DateTimeOffset, Decision> Disabling(string reason) =>
        (account, by, _) => AccountDecisions.Disable(account, reason, by);

    public static readonly Func<Account, Actor, DateTimeOffset, Decision> Enabling =
        (account, by, _) => AccountDecisions.Enable(account, by);

    public static Func<Account, Actor, DateTimeOffset, Decision> IssuingOwnToken(Guid tokenId, string token, string? name) =>
        (account, _, _) => AccountDecisions.IssueOwnToken(account, tokenId, ApiToken.Hash(token), name);

    public static Func<Account, Actor, DateTimeOffset, Decision> RevokingToken(Guid tokenId) =>
        (account, _, _) => AccountDecisions.RevokeToken(account, tokenId);

    /// <summary>Decide on the account as fetched and stage the events on Wolverine's session (committed after the endpoint returns).</summary>
    internal static Task<CommandOutcome?> Decide(CommandContext context, AccountStream stream, IDocumentSession session, Ledger ledger,
        Func<Account, Actor, DateTimeOffset, Decision> decide, string? reason, CancellationToken ct) =>
        StagedWrite.On(context, stream, AccountEventTypes.StreamType, session, ledger, decide, reason, ct);
}

/// <summary>
/// The signed-in person's own tokens as Wolverine HTTP endpoints. The account is the caller's, named by no route value,
/// so <c>[WriteAggregate]</c> has no id to bind: the endpoint fetches the same exclusive stream on Wolverine's session
/// itself and is <c>[Transactional]</c> for the commit. Any role may manage their own tokens.
/// </summary>
public static class MyTokenWrites
{
    private const string Route = "/api/me/tokens";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Accounts").Allow(Access.Anyone);
        _ = chain.Method.Method.Name switch
        {
            nameof(Issue) => builder.Accepts<NewTokenRequest>("application/json").WithSummary(chain, "A new token of your own (shown once)"),
            nameof(Revoke) => builder.WithSummary(chain, "Revoke one of your tokens; it stops working at once"),
            _ => builder,
        };
    }

    [WolverinePost(Route), Transactional]
    public static async Task<IResult> Issue(HttpContext http, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<NewTokenRequest>(http);
        var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
        return await Write.Run(http, context => Mine(context, session, ledger, AccountWrites.IssuingOwnToken(tokenId, token, body.Name), http.RequestAborted),
            // The token is in this answer only: a retry gets its id, the idempotency table never holds the token.
            _ => new Reply(201, new IssuedToken(tokenId, token)) { ReplayBody = new IssuedToken(tokenId, null) });
    }

    [WolverinePost(Route + "/{tokenId:guid}/revoke"), Transactional]
    public static Task<IResult> Revoke(HttpContext http, Guid tokenId, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => Write.Run(http, context => Mine(context, session, ledger, AccountWrites.RevokingToken(tokenId), http.RequestAborted),
            _ => new Reply(200, new { tokenId, revoked = true })));

    private static async Task<CommandOutcome?> Mine(CommandContext context, IDocumentSession session, Ledger ledger,
        Func<Account, Actor, DateTimeOffset, Decision> decide, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<Aggregate<Account>>(context.By.AccountId, ct);
        return await AccountWrites.Decide(context, stream, session, ledger, decide, null, ct);
    }
}
