using JasperFx.Events;
using Marten;

namespace Tracker.Store;

/// <summary>How far each async projection is behind the events: the health endpoint's and the rebuild bar's figure.</summary>
public sealed record ProjectionLag(string Name, long LastSequence, long PendingEvents, TimeSpan? OldestPendingAge, DateTimeOffset? Updated,
    long SkippedEvents);

public sealed partial class Ledger
{
    /// <summary>
    /// A tenant Marten routes to this database. Marten's progress and statistics calls are always given one: without a
    /// tenant, a store of several databases answers for all of them at once (sequences of different databases mixed).
    /// </summary>
    public static string NewsroomOf(Marten.Storage.IMartenDatabase database) =>
        database.TenantIds.FirstOrDefault() ?? JasperFx.StorageConstants.DefaultTenantId;

    /// <summary>The highest event sequence Marten has handed out.</summary>
    /// <param name="newsroom">Whose database (the main one by default): each database has its own sequence.</param>
    public async Task<long> HighWaterMark(CancellationToken ct = default, string newsroom = JasperFx.StorageConstants.DefaultTenantId) =>
        (await store.Advanced.FetchEventStoreStatistics(newsroom, ct)).EventSequenceNumber;

    /// <summary>The sequence an async projection has applied up to (Marten's progress; 0 before it has any).</summary>
    /// <param name="newsroom">Whose database: each database has its own sequence and progress (the main one by default).</param>
    public async Task<long> ProjectionPosition(string projection, CancellationToken ct = default, string newsroom = JasperFx.StorageConstants.DefaultTenantId) =>
        Shards(await store.Advanced.AllProjectionProgress(newsroom, ct), projection).Select(s => s.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Every async projection with the events it has yet to apply, how long the oldest of them has waited, and how many
    /// events Marten's daemon skipped for it. Quick appends make the daemon wait for a stalled commit rather than skip it,
    /// so the last stays 0; health reports it so that it is seen if it ever is not.
    /// </summary>
    /// <remarks>
    /// With newsrooms in databases of their own, each database has its own daemon progress and sequence: the pending
    /// events are summed and the oldest wait is the longest over them; the sequence is the main database's.
    /// </remarks>
    public async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(CancellationToken ct = default)
    {
        var perDatabase = new List<IReadOnlyList<ProjectionLag>>();
        foreach (var database in await store.Storage.AllDatabases())
            perDatabase.Add(await ProjectionLag(NewsroomOf(database), ct));
        return perDatabase[0].Select((main, i) =>
        {
            var all = perDatabase.Select(d => d[i]).ToList();
            return main with
            {
                PendingEvents = all.Sum(l => l.PendingEvents),
                OldestPendingAge = all.Max(l => l.OldestPendingAge),
                Updated = all.Min(l => l.Updated),
                SkippedEvents = all.Sum(l => l.SkippedEvents),
            };
        }).ToList();
    }

    private async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(string newsroom, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(newsroom, ct);
        var now = Clock.GetUtcNow();
        var lags = new List<ProjectionLag>();
        await using var session = store.QuerySession(newsroom);
        foreach (var name in projections.Select(p => p.Name))
        {
            var shards = Shards(progress, name).ToList();
            var at = shards.Select(s => s.Sequence).DefaultIfEmpty(0).Min();
            var pending = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > at && e.EventTypeName != "tombstone");
            var count = await pending.CountAsync(ct);
            var oldest = count == 0 ? (DateTimeOffset?)null : (await pending.OrderBy(e => e.Sequence).Take(1).ToListAsync(ct))[0].Timestamp;
            lags.Add(new ProjectionLag(name, at, count, oldest is { } o ? now - o : null,
                shards.Select(s => (DateTimeOffset?)s.LastUpdated).Max(), shards.Sum(s => (long)(s.SkippedEventsCount ?? 0))));
        }
        return lags;
    }

    private static IEnumerable<JasperFx.Events.Projections.ShardState> Shards(IEnumerable<JasperFx.Events.Projections.ShardState> progress, string projection) =>
        progress.Where(s => s.ShardName == projection || s.ShardName.StartsWith(projection + ":", StringComparison.Ordinal));
}
