using Marten;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Wolverine.Http;
using Wolverine.Marten;
using ClaimStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Claims.Claim>>;

namespace Tracker.Claims;

/// <summary>
/// The claim's links, archiving, assignment, tags and notes as Wolverine HTTP endpoints, as <see cref="ClaimWrites"/>.
/// A link writes to two claims: this one is fetched exclusively by Wolverine; the other is read as the command runner
/// reads it (its inline snapshot, no lock) and appended at the version read, so a writer that moved it in between fails
/// the commit (409) rather than two links each waiting on the other's lock.
/// </summary>
public static class ClaimOrganiseWrites
{
    private const string One = ClaimWrites.One;

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Claims");
        _ = chain.Method.Method.Name switch
        {
            nameof(Link) => builder.Allow(Access.Factcheckers).Accepts<LinkRequest>("application/json")
                .WithSummary(chain, "Link to another claim (contradicts, supports, duplicates, restates, updates), on both claims at once"),
            nameof(Unlink) => builder.Allow(Access.Factcheckers).Accepts<ReasonRequest>("application/json")
                .WithSummary(chain, "Remove a link, on both claims, with the reason"),
            nameof(Assign) => builder.Allow(Access.Factcheckers).Accepts<AssignRequest>("application/json")
                .WithSummary(chain, "Assign the claim to a fact-checker or editor of the newsroom"),
            nameof(Unassign) => builder.Allow(Access.Factcheckers).WithSummary(chain, "Take the claim off whoever it is assigned to"),
            nameof(Tags) => builder.Allow(Access.Factcheckers).Accepts<TagsRequest>("application/json").WithSummary(chain, "Add and remove tags"),
            nameof(Notes) => builder.Allow(Access.Reporters).Accepts<NoteRequest>("application/json")
                .WithSummary(chain, "An internal note on the claim: in its history, never in ClaimReview"),
            nameof(Archive) => builder.Allow(Access.Editors).Accepts<ReasonRequest>("application/json").WithSummary(chain, "Archive the claim; its record stays"),
            nameof(Restore) => builder.Allow(Access.Editors).WithSummary(chain, "Restore an archived claim"),
            _ => builder,
        };
    }


    [WolverinePost(One + "/links")]
    public static async Task<IResult> Link(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<LinkRequest>(http);
        var command = new LinkClaims(body.OtherClaimId, body.Relation, body.Note);
        return await Write.Run(http,
            context => DecideOnTwo(context, claim, body.OtherClaimId, session, ledger, Linking(command), command.Note, http.RequestAborted),
            r => new Reply(201, new { claimId = id, otherClaimId = body.OtherClaimId, relation = body.Relation, version = r[0].Version }) { ETagOf = id });
    }

    [WolverinePost(One + "/links/{otherClaimId:guid}/unlink")]
    public static async Task<IResult> Unlink(HttpContext http, Guid id, Guid otherClaimId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReasonRequest>(http);
        return await Write.Run(http,
            context => DecideOnTwo(context, claim, otherClaimId, session, ledger, Unlinking(new(otherClaimId, body.Reason)), body.Reason,
                http.RequestAborted),
            r => new Reply(200, new { claimId = id, otherClaimId, version = r[0].Version }) { ETagOf = id });
    }

    [WolverinePost(One + "/assign")]
    public static async Task<IResult> Assign(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger,
        AccountDirectory directory)
    {
        var body = await JsonBody.Read<AssignRequest>(http);
        return await Write.Run(http, async context =>
            {
                var assignee = await directory.FindWithStatus(context.By.Newsroom, body.AccountId, http.RequestAborted);
                return await ClaimWrites.Decide(context, claim, session, ledger, Assigning(body.AccountId, assignee), null, http.RequestAborted);
            },
            r => Reply.Updated(id, r));
    }

    [WolverinePost(One + "/unassign")]
    public static Task<IResult> Unassign(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => ClaimWrites.Updating(http, id, claim, session, ledger, Unassigning, null));

    [WolverinePost(One + "/tags")]
    public static async Task<IResult> Tags(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<TagsRequest>(http);
        return await ClaimWrites.Updating(http, id, claim, session, ledger, Tagging(new(body.Add ?? [], body.Remove ?? [])), null);
    }

    [WolverinePost(One + "/notes")]
    public static async Task<IResult> Notes(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<NoteRequest>(http);
        return await Write.Run(http,
            context => ClaimWrites.Decide(context, claim, session, ledger, Noting(body.Text), null, http.RequestAborted),
            r => new Reply(201, new { id, version = r[0].Version }) { ETagOf = id });
    }

    [WolverinePost(One + "/archive")]
    public static async Task<IResult> Archive(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReasonRequest>(http);
        return await ClaimWrites.Updating(http, id, claim, session, ledger, Archiving(body.Reason), body.Reason);
    }

    [WolverinePost(One + "/restore")]
    public static Task<IResult> Restore(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => ClaimWrites.Updating(http, id, claim, session, ledger, Restoring(), null));

    // The rules each write applies, the same for these endpoints and the demo loader and the log-a-claim form (ClaimCommands).
    public static Func<Claim, Claim?, Actor, DateTimeOffset, TwoClaimDecision> Linking(LinkClaims command) =>
        (claim, other, by, now) => LinkClaimsDecision.Decide(command, claim, other, by, now);

    public static Func<Claim, Claim?, Actor, DateTimeOffset, TwoClaimDecision> Unlinking(UnlinkClaims command) =>
        (claim, other, by, now) => UnlinkClaimsDecision.Decide(command, claim, other, by, now);

    /// <param name="assignee">The account as the newsroom's directory has it (and whether it is disabled), or null when it has none.</param>
    public static Func<Claim, Actor, DateTimeOffset, Decision> Assigning(Guid accountId, (Actor Account, bool Disabled)? assignee) =>
        (claim, _, _) => OrganiseClaimDecisions.Assign(new(accountId), claim, assignee?.Account.Roles, assignee?.Disabled ?? false);

    public static readonly Func<Claim, Actor, DateTimeOffset, Decision> Unassigning = (claim, _, _) => OrganiseClaimDecisions.Unassign(claim);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Tagging(TagClaim command) =>
        (claim, _, _) => OrganiseClaimDecisions.Tag(command, claim);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Noting(string text) =>
        (claim, _, _) => OrganiseClaimDecisions.Note(new(text), claim);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Archiving(string reason) =>
        (claim, by, now) => ArchiveClaimDecision.Decide(new(reason), claim, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Restoring() =>
        (claim, by, now) => RestoreClaimDecision.Decide(new(), claim, by, now);

    /// <summary>
    /// Decide on this claim as fetched and the other as read now, and stage both streams' events, each from the head it
    /// was read at; a rejection stages nothing. Mirrors <see cref="ClaimCommands"/>' two-claim write.
    /// </summary>
    internal static async Task<CommandOutcome?> DecideOnTwo(CommandContext context, ClaimStream stream, Guid otherId, IDocumentSession session,
        Ledger ledger, Func<Claim, Claim?, Actor, DateTimeOffset, TwoClaimDecision> decide, string? reason, CancellationToken ct)
    {
        if (stream.Aggregate is not { } claim) return null;
        if (context.IfMatch is { } pinned && pinned != claim.Version) return new CommandOutcome.Stale(pinned, claim.Version);
        // Read on Wolverine's session, so only the signed-in newsroom's claim is found.
        var other = otherId == stream.Id ? claim : await session.LoadAsync<Aggregate<Claim>>(otherId, ct);
        var decision = decide(claim.State, other?.State, context.By, ledger.Clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
        var metadata = context.Metadata(reason);
        return await StagedWrite.Stage(context, session, ledger,
        [
            new StreamAppend(stream.Id, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(claim.Version), decision.ThisClaim.Events, metadata)
                { Head = claim.Head },
            new StreamAppend(decision.OtherClaimId, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(other!.Version), decision.OtherClaimEvents,
                metadata) { Head = other.Head },
        ], ct);
    }
}
