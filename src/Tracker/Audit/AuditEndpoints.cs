using Tracker.Http;

namespace Tracker.Audit;

/// <summary>
/// GET /api/audit/verify: recomputes every hash chain of the caller's newsroom from the stored events and compares the
/// record with every signed checkpoint.
/// </summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit/verify", async (HttpContext http, RecordAudit audit) =>
                Results.Ok(await audit.Verify(http.Actor().Newsroom, ct: http.RequestAborted)))
            .Allow(Access.Auditors).WithTags("Audit")
            .WithSummary("Recompute every hash chain and compare with every signed checkpoint: {streams, events, ok, failures, checkpoint, checkpoints, root, heads}");
        Checkpoints.CheckpointEndpoints.Map(api);
    }
}
