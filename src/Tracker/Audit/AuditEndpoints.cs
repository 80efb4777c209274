using Tracker.Store;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Audit;

public sealed record ChainProblem(Guid StreamId, int Version, string Problem);

public sealed record AuditReport(long Streams, long Events, bool Ok, IReadOnlyList<ChainProblem> Failures);

/// <summary>GET /api/audit/verify: recomputes every hash chain of the caller's newsroom from the stored events.</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit/verify", async (HttpContext http, Ledger store) =>
        {
            var report = await store.Verify(http.Actor().Newsroom, ct: http.RequestAborted);
            return Results.Ok(new AuditReport(report.Streams, report.Events, report.Ok,
                [.. report.Failures.Select(f => new ChainProblem(f.StreamId, f.Version, f.Problem))]));
        })
        .Allow(Access.Auditors).WithTags("Audit").WithSummary("Recompute every hash chain of the newsroom: {streams, events, ok, failures}");
}
