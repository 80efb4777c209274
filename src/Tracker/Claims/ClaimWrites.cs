using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Sources;
using Tracker.Store;
using Wolverine.Http;
using Wolverine.Marten;
using ClaimStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Claims.Claim>>;

namespace Tracker.Claims;

/// <summary>
/// The claim's attribution and wording writes as Wolverine HTTP endpoints, as <see cref="Verdicts.VerdictWrites"/>: the
/// claim's inline snapshot fetched exclusively for writing, the pure decide function, <see cref="StagedWrite"/> onto
/// Wolverine's session, and Wolverine's transactional middleware commits. If-Match, Idempotency-Key and problems are
/// <see cref="Write.Run"/>'s. The claim's other writes are <see cref="ClaimOrganiseWrites"/>.
/// </summary>
public static class ClaimWrites
{
    internal const string One = "/api/claims/{id:guid}";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declared them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Claims");
        _ = chain.Method.Method.Name switch
        {
            nameof(AddAttribution) => builder.Allow(Access.Reporters).Accepts<AddAttributionRequest>("application/json")
                .WithSummary(chain, "Attribute the claim: claimant, reporter, relay (via another attribution) or cited"),
            nameof(WithdrawAttribution) => builder.Allow(Access.Factcheckers).Accepts<ReasonRequest>("application/json")
                .WithSummary(chain, "Withdraw an attribution, with the reason"),
            nameof(CorrectText) => builder.Allow(Access.Factcheckers).Accepts<CorrectTextRequest>("application/json")
                .WithSummary(chain, "Correct the claim's wording, with the reason (once a verdict is published: 202, awaiting an editor's sign-off)"),
            nameof(ApproveTextCorrection) => builder.Allow(Access.Editors)
                .WithSummary(chain, "Approve a pending rewording (an editor other than its proposer): the text changes and the correction is recorded"),
            nameof(RejectTextCorrection) => builder.Allow(Access.Editors).Accepts<ReasonRequest>("application/json")
                .WithSummary(chain, "Reject a pending rewording, with the reason"),
            _ => builder,
        };
    }


    [WolverinePost(One + "/attributions")]
    public static async Task<IResult> AddAttribution(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<AddAttributionRequest>(http);
        var attributionId = Guid.CreateVersion7();
        // The source's current state, read on the same session (tenant) as the claim; sources are never deleted.
        var source = (await session.LoadAsync<Aggregate<Source>>(body.SourceId, http.RequestAborted))?.State;
        var attributing = Attributing(new(attributionId, body.SourceId, body.Role, body.Quote, body.Url, body.Via), source);
        return await Write.Run(http,
            context => Decide(context, claim, session, ledger, attributing, null, http.RequestAborted),
            r => new Reply(201, new { claimId = id, attributionId, version = r[0].Version }, $"/api/claims/{id}#attribution-{attributionId}"));
    }

    [WolverinePost(One + "/attributions/{attributionId:guid}/withdraw")]
    public static async Task<IResult> WithdrawAttribution(HttpContext http, Guid id, Guid attributionId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReasonRequest>(http);
        return await Updating(http, id, claim, session, ledger, Withdrawing(attributionId, body.Reason), body.Reason);
    }

    [WolverinePost(One + "/text")]
    public static async Task<IResult> CorrectText(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<CorrectTextRequest>(http);
        var proposal = Guid.CreateVersion7();
        return await Write.Run(http,
            context => Decide(context, claim, session, ledger, CorrectingText(new(body.Text, body.Reason, proposal)), body.Reason, http.RequestAborted),
            // A rated claim's rewording waits for sign-off: accepted, nothing visible changed yet.
            r => r[0].Events[0].Data is TextCorrectionProposed
                ? new Reply(202, new { id, textCorrectionId = proposal, version = r[0].Version }, $"/api/claims/{id}#text-correction-{proposal}")
                : Reply.Updated(id, r));
    }

    [WolverinePost(One + "/text-corrections/{textCorrectionId:guid}/approve")]
    public static Task<IResult> ApproveTextCorrection(HttpContext http, Guid id, Guid textCorrectionId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => Updating(http, id, claim, session, ledger, DecidingTextCorrection(new(textCorrectionId, true)), null));

    [WolverinePost(One + "/text-corrections/{textCorrectionId:guid}/reject")]
    public static async Task<IResult> RejectTextCorrection(HttpContext http, Guid id, Guid textCorrectionId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ReasonRequest>(http);
        return await Updating(http, id, claim, session, ledger, DecidingTextCorrection(new(textCorrectionId, false, body.Reason)), body.Reason);
    }

    // The rules each write applies to the claim, the same for these endpoints, the workbench's forms (Web/ClaimPages,
    // Web/StoryPages) and the demo loader (ClaimCommands).
    /// <param name="source">The attributed source as the newsroom has it, or null when it has none.</param>
    public static Func<Claim, Actor, DateTimeOffset, Decision> Attributing(AddAttribution command, Source? source) =>
        (claim, by, now) => AddAttributionDecision.Decide(command, claim, source, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Withdrawing(Guid attributionId, string reason) =>
        (claim, by, now) => WithdrawAttributionDecision.Decide(new(attributionId, reason), claim, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> CorrectingText(CorrectClaimText command) =>
        (claim, by, now) => CorrectClaimTextDecision.Decide(command, claim, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> DecidingTextCorrection(DecideTextCorrection command) =>
        (claim, by, now) => DecideTextCorrectionDecision.Decide(command, claim, by, now);

    /// <summary>A write answered with the claim's id and new version.</summary>
    internal static Task<IResult> Updating(HttpContext http, Guid id, ClaimStream claim, IDocumentSession session, Ledger ledger,
        Func<Claim, Actor, DateTimeOffset, Decision> decide, string? reason) =>
        Write.Run(http, context => Decide(context, claim, session, ledger, decide, reason, http.RequestAborted), r => Reply.Updated(id, r));

    /// <summary>Decide on the claim as fetched and stage the events on Wolverine's session (committed after the endpoint returns).</summary>
    internal static Task<CommandOutcome?> Decide(CommandContext context, ClaimStream stream, IDocumentSession session,
        Ledger ledger, Func<Claim, Actor, DateTimeOffset, Decision> decide, string? reason, CancellationToken ct) =>
        StagedWrite.On(context, stream, ClaimEventTypes.StreamType, session, ledger, decide, reason, ct);
}
