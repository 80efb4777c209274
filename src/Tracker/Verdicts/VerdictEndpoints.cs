using Tracker.Claims;
using Tracker.Http;

namespace Tracker.Verdicts;

public sealed record ProposeVerdictRequest(string Rating, string Summary, IReadOnlyList<Evidence> Evidence, string? CorrectionNote = null);

/// <summary>The verdict workflow: a fact-checker proposes, an editor who did not propose it approves, rejects or voids.</summary>
public static class VerdictEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var verdicts = api.MapGroup("/claims/{id:guid}/verdicts").WithTags("Verdicts");

        verdicts.MapPost("", (HttpContext http, Guid id, ProposeVerdictRequest body, ClaimCommands claims) =>
        {
            var verdictId = Guid.CreateVersion7();
            var command = new ProposeVerdict(verdictId, body.Rating, body.Summary, body.Evidence, body.CorrectionNote);
            return Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => ProposeVerdictDecision.Decide(command, c, by, now, RatingScale.Default), body.CorrectionNote, http.RequestAborted),
                r => new Reply(201, new { claimId = id, verdictId, version = r[0].Version }, $"/api/claims/{id}#verdict-{verdictId}"));
        }).Allow(Access.Factcheckers).WithSummary("Propose a verdict; over a published one it is a correction and needs a correctionNote");

        verdicts.MapPost("/{verdictId:guid}/approve", (HttpContext http, Guid id, Guid verdictId, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => ApproveVerdictDecision.Decide(new(verdictId), c, by, now), ct: http.RequestAborted),
                r => ClaimEndpoints.Updated(id, r)))
            .Allow(Access.Editors).WithSummary("Approve and publish a verdict; never by its proposer");

        verdicts.MapPost("/{verdictId:guid}/reject", (HttpContext http, Guid id, Guid verdictId, ReasonRequest body, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => RejectVerdictDecision.Decide(new(verdictId, body.Reason), c, by, now), body.Reason, http.RequestAborted),
                r => ClaimEndpoints.Updated(id, r)))
            .Allow(Access.Editors).WithSummary("Send a pending verdict back, with the reason");

        verdicts.MapPost("/{verdictId:guid}/void", (HttpContext http, Guid id, Guid verdictId, ReasonRequest body, ClaimCommands claims) =>
            Write.Run(http,
                (context, _) => claims.On(context, id, (c, by, now) => VoidVerdictDecision.Decide(new(verdictId, body.Reason), c, by, now), body.Reason, http.RequestAborted),
                r => ClaimEndpoints.Updated(id, r)))
            .Allow(Access.Editors).WithSummary("Void a published verdict; the record stays and the correction is registered");
    }
}
