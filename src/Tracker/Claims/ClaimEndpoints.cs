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
/// Reading a claim, now or as it stood, and its history. The writes are Wolverine endpoints: <see cref="ClaimWrites"/>,
/// <see cref="ClaimOrganiseWrites"/> and the verdicts' <see cref="Verdicts.VerdictWrites"/>.
/// </summary>
public static class ClaimEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var claim = api.MapGroup("/claims/{id:guid}").WithTags("Claims");

        claim.MapGet("", Read).Allow(Access.Anyone).WithSummary("A claim now, or as it stood (?asOf= or ?version=)");
        claim.MapGet("/history", History).Allow(Access.Anyone).WithSummary("Every event of the claim with its hash");
    }

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
