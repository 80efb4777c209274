using Marten;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Store;
using Wolverine.Http;
using Wolverine.Marten;
using ClaimStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Claims.Claim>>;

namespace Tracker.Verdicts;

public sealed record ProposeVerdictRequest(string Rating, string Summary, IReadOnlyList<Evidence> Evidence, string? CorrectionNote = null);

/// <summary>
/// The verdict workflow's writes as Wolverine HTTP endpoints on the aggregate handler workflow: Wolverine fetches the
/// claim's inline snapshot for writing (<see cref="Aggregate{T}"/>, exclusively, so a concurrent writer waits and then
/// decides on what the first wrote), the pure decide function rules, <see cref="Ledger.Stage"/> chains the events onto
/// Wolverine's outbox-enrolled session, and Wolverine's transactional middleware commits. If-Match, Idempotency-Key and
/// the problem answers are <see cref="Write.Run"/>'s, as on every other write route.
/// </summary>
public static class VerdictWrites
{
    private const string Route = "/api/claims/{id:guid}/verdicts";

    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API routes declare them.</summary>
    public static void Configure(HttpChain chain)
    {
        var builder = chain.Metadata;
        builder.WithTags("Verdicts");
        switch (chain.Method.Method.Name)
        {
            case nameof(Propose):
                builder.Allow(Access.Factcheckers).Accepts<ProposeVerdictRequest>("application/json")
                    .WithSummary(chain, "Propose a verdict; over a published one it is a correction and needs a correctionNote");
                break;
            case nameof(Approve):
                builder.Allow(Access.Editors).WithSummary(chain, "Approve and publish a verdict; never by its proposer");
                break;
            case nameof(Reject):
                builder.Allow(Access.Editors).Accepts<ReasonRequest>("application/json").WithSummary(chain, "Send a pending verdict back, with the reason");
                break;
            case nameof(Void):
                builder.Allow(Access.Editors).Accepts<ReasonRequest>("application/json")
                    .WithSummary(chain, "Void a published verdict; the record stays and the correction is registered");
                break;
        }
    }


    [WolverinePost(Route)]
    public static async Task<IResult> Propose(HttpContext http, Guid id,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<ProposeVerdictRequest>(http);
        var verdictId = Guid.CreateVersion7();
        var command = new ProposeVerdict(verdictId, body.Rating, body.Summary, body.Evidence, body.CorrectionNote);
        // Sources are never deleted, so what is registered now is still registered when the events commit.
        var registered = await CitedSources.Registered(ledger, http.Actor().Newsroom, body.Evidence, http.RequestAborted);
        return await Write.Run(http,
            context => Decide(context, claim, session, ledger, Proposing(command, registered), body.CorrectionNote, http.RequestAborted),
            r => new Reply(201, new { claimId = id, verdictId, version = r[0].Version }, $"/api/claims/{id}#verdict-{verdictId}"));
    }

    [WolverinePost(Route + "/{verdictId:guid}/approve")]
    public static Task<IResult> Approve(HttpContext http, Guid id, Guid verdictId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        JsonBody.WithoutBody(http, () => Write.Run(http,
            context => Decide(context, claim, session, ledger, Approving(verdictId), null, http.RequestAborted),
            r => Reply.Updated(id, r)));

    [WolverinePost(Route + "/{verdictId:guid}/reject")]
    public static Task<IResult> Reject(HttpContext http, Guid id, Guid verdictId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        WithReason(http, id, claim, session, ledger, reason => Rejecting(verdictId, reason));

    [WolverinePost(Route + "/{verdictId:guid}/void")]
    public static Task<IResult> Void(HttpContext http, Guid id, Guid verdictId,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] ClaimStream claim, IDocumentSession session, Ledger ledger) =>
        WithReason(http, id, claim, session, ledger, reason => Voiding(verdictId, reason));

    /// <summary>An editor's decision that takes a reason from the body, which is also the events' reason.</summary>
    private static async Task<IResult> WithReason(HttpContext http, Guid id, ClaimStream claim,
        IDocumentSession session, Ledger ledger, Func<string, Func<Claim, Actor, DateTimeOffset, Decision>> rule)
    {
        var body = await JsonBody.Read<ReasonRequest>(http);
        return await Write.Run(http,
            context => Decide(context, claim, session, ledger, rule(body.Reason), body.Reason, http.RequestAborted),
            r => Reply.Updated(id, r));
    }

    // The rules each write applies to the claim, the same for these endpoints and the workbench's forms (Web/ClaimPages).
    /// <param name="registered">The cited sources the newsroom has registered (<see cref="CitedSources.Registered"/>).</param>
    public static Func<Claim, Actor, DateTimeOffset, Decision> Proposing(ProposeVerdict command, IReadOnlySet<Guid> registered) =>
        (claim, by, now) => ProposeVerdictDecision.Decide(command, claim, by, now, RatingScale.Default, registered);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Approving(Guid verdictId) =>
        (claim, by, now) => ApproveVerdictDecision.Decide(new(verdictId), claim, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Rejecting(Guid verdictId, string reason) =>
        (claim, by, now) => RejectVerdictDecision.Decide(new(verdictId, reason), claim, by, now);

    public static Func<Claim, Actor, DateTimeOffset, Decision> Voiding(Guid verdictId, string reason) =>
        (claim, by, now) => VoidVerdictDecision.Decide(new(verdictId, reason), claim, by, now);

    /// <summary>Decide on the claim as fetched and stage the events on Wolverine's session (committed after the endpoint returns).</summary>
    private static Task<CommandOutcome?> Decide(CommandContext context, ClaimStream stream, IDocumentSession session,
        Ledger ledger, Func<Claim, Actor, DateTimeOffset, Decision> decide, string? reason, CancellationToken ct) =>
        StagedWrite.On(context, stream, ClaimEventTypes.StreamType, session, ledger, decide, reason, ct);
}
