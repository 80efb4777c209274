using Tracker.Store;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Claims;

public sealed record AddAttributionRequest(Guid SourceId, AttributionRole Role, string Quote, string? Url = null, Guid? Via = null);
public sealed record ReasonRequest(string Reason);
public sealed record CorrectTextRequest(string Text, string Reason);
public sealed record AssignRequest(Guid AccountId);
public sealed record TagsRequest(IReadOnlyList<string>? Add = null, IReadOnlyList<string>? Remove = null);
public sealed record NoteRequest(string Text);
public sealed record LinkRequest(Guid OtherClaimId, LinkRelation Relation, string? Note = null);

/// <summary>
/// Reading a claim (now or as it stood), its history, and the commands on it not yet on Wolverine; the attribution and
/// wording writes are <see cref="ClaimWrites"/>, the verdicts' <see cref="Verdicts.VerdictWrites"/>.
/// </summary>
public static class ClaimEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var claim = api.MapGroup("/claims/{id:guid}").WithTags("Claims");

        claim.MapGet("", Read).Allow(Access.Anyone).WithSummary("A claim now, or as it stood (?asOf= or ?version=)");
        claim.MapGet("/history", History).Allow(Access.Anyone).WithSummary("Every event of the claim with its hash");

        claim.MapPost("/links", (HttpContext http, Guid id, LinkRequest body, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.Link(context, id, new LinkClaims(body.OtherClaimId, body.Relation, body.Note), http.RequestAborted),
                r => new Reply(201, new { claimId = id, otherClaimId = body.OtherClaimId, relation = body.Relation, version = r[0].Version }) { ETagOf = id }))
            .Allow(Access.Factcheckers).WithSummary("Link to another claim (contradicts, supports, duplicates, restates, updates), on both claims at once");

        claim.MapPost("/links/{otherClaimId:guid}/unlink", (HttpContext http, Guid id, Guid otherClaimId, ReasonRequest body, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.Unlink(context, id, new UnlinkClaims(otherClaimId, body.Reason), http.RequestAborted),
                r => new Reply(200, new { claimId = id, otherClaimId, version = r[0].Version }) { ETagOf = id }))
            .Allow(Access.Factcheckers).WithSummary("Remove a link, on both claims, with the reason");

        claim.MapPost("/assign", (HttpContext http, Guid id, AssignRequest body, ClaimCommands claims, Accounts.AccountDirectory directory) =>
            Write.Run(http, async (context, _) =>
                {
                    var assignee = await directory.FindById(context.By.Newsroom, body.AccountId, http.RequestAborted);
                    return await claims.On(context, id, (c, by, now) => OrganiseClaimDecisions.Assign(new(body.AccountId), c, assignee?.Roles), ct: http.RequestAborted);
                },
                r => Updated(id, r)))
            .Allow(Access.Factcheckers).WithSummary("Assign the claim to a fact-checker or editor of the newsroom");

        claim.MapPost("/tags", (HttpContext http, Guid id, TagsRequest body, ClaimCommands claims) =>
            Write.Run(http, (context, _) => claims.On(context, id, (c, by, now) => OrganiseClaimDecisions.Tag(new(body.Add ?? [], body.Remove ?? []), c), ct: http.RequestAborted),
                r => Updated(id, r)))
            .Allow(Access.Factcheckers).WithSummary("Add and remove tags");

        claim.MapPost("/notes", (HttpContext http, Guid id, NoteRequest body, ClaimCommands claims) =>
            Write.Run(http, (context, _) => claims.On(context, id, (c, by, now) => OrganiseClaimDecisions.Note(new(body.Text), c), ct: http.RequestAborted),
                r => new Reply(201, new { id, version = r[0].Version }) { ETagOf = id }))
            .Allow(Access.Reporters).WithSummary("An internal note on the claim: in its history, never in ClaimReview");

        claim.MapPost("/archive", (HttpContext http, Guid id, ReasonRequest body, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => ArchiveClaimDecision.Decide(new(body.Reason), c, by, now), body.Reason, http.RequestAborted),
                r => Updated(id, r)))
            .Allow(Access.Editors).WithSummary("Archive the claim; its record stays");

        claim.MapPost("/restore", (HttpContext http, Guid id, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => RestoreClaimDecision.Decide(new(), c, by, now), ct: http.RequestAborted),
                r => Updated(id, r)))
            .Allow(Access.Editors).WithSummary("Restore an archived claim");
    }

    public static Reply Updated(Guid id, IReadOnlyList<AppendResult> results) => new(200, new { id, version = results[0].Version });

    private static async Task<IResult> Read(HttpContext http, Guid id, string? asOf, string? version, Ledger store)
    {
        var (point, problem) = PointInTime.Parse(asOf, version);
        if (problem is not null) return problem;
        var tenant = http.Actor().Newsroom;
        var claim = point.IsNow
            ? await store.Load<Claim>(tenant, id, http.RequestAborted)
            : await store.AggregateStream<Claim>(tenant, id, point.Version, point.AsOf, http.RequestAborted);
        if (claim is null || !claim.State.IsLogged)
            return point.IsNow ? Problems.NotFound("claim") : Problems.Problem(404, "not_found", "No such claim in your newsroom at that moment.");
        Preconditions.SetETag(http, claim.Version);
        return Results.Ok(ClaimView.From(claim.State, claim.Version, point.AsOf));
    }

    private static async Task<IResult> History(HttpContext http, Guid id, Ledger store)
    {
        var events = await store.ReadStream(http.Actor().Newsroom, id, ct: http.RequestAborted);
        if (events.Count == 0 || events[0].StreamType != ClaimEventTypes.StreamType) return Problems.NotFound("claim");
        Preconditions.SetETag(http, events[^1].Version);
        var grants = new Accounts.EditorGrants(store, http.Actor().Newsroom);
        var entries = new List<HistoryEntry>(events.Count);
        foreach (var e in events)
            entries.Add(new HistoryEntry(e.Sequence, e.Id, e.Version, e.Type, e.RecordedAt, e.Metadata.Actor, e.Metadata.Reason,
                System.Text.Json.JsonDocument.Parse(e.DataJson!).RootElement, e.PrevHash, e.Hash)
            {
                ApproverEditorGrant = e.Data is Verdicts.VerdictApproved approved ? await grants.At(approved.ApprovedBy, e.RecordedAt, http.RequestAborted) : null,
            });
        return Results.Ok(entries);
    }
}
