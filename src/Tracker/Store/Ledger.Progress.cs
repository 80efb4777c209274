using JasperFx.Events;
using Marten;
using Tracker.Hosting;

namespace Tracker.Store;

/// <summary>How far each async projection is behind the events: the health endpoint's and the rebuild bar's figure.</summary>
public sealed record ProjectionLag(string Name, long LastSequence, long PendingEvents, TimeSpan? OldestPendingAge, DateTimeOffset? Updated);

public sealed partial class Ledger
{
    /// <summary>
    /// A tenant Marten routes to this database. Marten's progress and statistics calls are always given one: without a
    /// tenant, a store of several databases answers for all of them at once (sequences of different databases mixed).
    /// </summary>
    public static string NewsroomOf(Marten.Storage.IMartenDatabase database) =>
        database.TenantIds.FirstOrDefault() ?? JasperFx.StorageConstants.DefaultTenantId;

    /// <summary>The highest event sequence Marten has handed out (the sequence's last value; Marten's statistics would count every row).</summary>
    /// <param name="newsroom">Whose database (the main one by default): each database has its own sequence.</param>
    public async Task<long> HighWaterMark(CancellationToken ct = default, string newsroom = JasperFx.StorageConstants.DefaultTenantId) =>
        await (await store.Storage.FindOrCreateDatabase(newsroom)).FetchHighestEventSequenceNumber(ct);

    /// <summary>The sequence an async projection has applied up to (Marten's progress; 0 before it has any).</summary>
    /// <param name="newsroom">Whose database: each database has its own sequence and progress (the main one by default).</param>
    public async Task<long> ProjectionPosition(string projection, CancellationToken ct = default, string newsroom = JasperFx.StorageConstants.DefaultTenantId) =>
        Shards(await store.Advanced.AllProjectionProgress(newsroom, ct), projection).Select(s => s.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Every async projection with the events it has yet to apply (counted up to <see cref="PendingCountedUpTo"/>, an upper
    /// bound beyond it) and how long the oldest of them has waited.
    /// </summary>
    /// <remarks>
    /// With newsrooms in databases of their own, each database has its own daemon progress and sequence: the pending
    /// events are summed and the oldest wait is the longest over them; the sequence is the main database's.
    /// </remarks>
    /// <param name="unreachable">When given, a newsroom's own database that does not answer is added here and left out of
    /// the figures instead of failing them (the main database's failure still throws: without it the node serves nobody).</param>
    public async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(CancellationToken ct = default, ICollection<UnreachableDatabase>? unreachable = null)
    {
        var perDatabase = await EachDatabase(ProjectionLag, unreachable, ct);
        return perDatabase[0].Select((main, i) =>
        {
            var all = perDatabase.Select(d => d[i]).ToList();
            return main with
            {
                PendingEvents = all.Sum(l => l.PendingEvents),
                OldestPendingAge = all.Max(l => l.OldestPendingAge),
                Updated = all.Min(l => l.Updated),
            };
        }).ToList();
    }

    /// <summary>
    /// Pending events up to this many are counted one by one; beyond it the figure is the distance from the projection's
    /// position to the last sequence number handed out, which a count would only confirm at the cost of reading every
    /// one of them (millions after an import, every few seconds on every node, and on each anonymous /health).
    /// </summary>
    public const long PendingCountedUpTo = 10_000;

    private async Task<IReadOnlyList<ProjectionLag>> ProjectionLag(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var newsroom = NewsroomOf(database);
        var progress = await store.Advanced.AllProjectionProgress(newsroom, ct);
        var handedOut = await database.FetchHighestEventSequenceNumber(ct);
        var now = Clock.GetUtcNow();
        var lags = new List<ProjectionLag>();
        await using var session = store.QuerySession(newsroom);
        foreach (var name in projections.Select(p => p.Name))
        {
            var shards = Shards(progress, name).ToList();
            var at = shards.Select(s => s.Sequence).DefaultIfEmpty(0).Min();
            var pending = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > at && e.EventTypeName != "tombstone");
            // Nothing past the position when no number past it was handed out; otherwise the first event past it, if any
            // committed (numbers of rolled-back appends are never used), gives the oldest wait.
            var first = handedOut > at ? await pending.OrderBy(e => e.Sequence).Take(1).ToListAsync(ct) : [];
            var count = first.Count == 0 ? 0
                // An upper bound: it also counts numbers of appends that rolled back or are still in flight.
                : handedOut - at > PendingCountedUpTo ? handedOut - at
                : await pending.CountAsync(ct);
            lags.Add(new ProjectionLag(name, at, count, first.Count == 0 ? null : now - first[0].Timestamp,
                shards.Select(s => (DateTimeOffset?)s.LastUpdated).Max()));
        }
        return lags;
    }

    /// <summary>
    /// The gaps in the event sequence Marten's daemon stopped waiting for, in every database (its mt_high_water_skips, a
    /// running total: Marten never deletes a row), and when it last did. With Marten's defaults, which Tracker keeps
    /// (no SkipStaleGapsDespiteLiveTransactionsAfter), it skips a gap only when no live transaction can fill it: numbers
    /// of appends that rolled back, which loses nothing. It also records a skip when the stalled transaction commits
    /// between its gap check and its liveness check, which loses nothing either, the daemon reading the committed rows.
    /// A skip that lost events would need a transaction Marten could not see; `tracker rebuild` re-projects every event.
    /// Health reports the figure so that someone looks.
    /// </summary>
    /// <param name="unreachable">As for <see cref="ProjectionLag(CancellationToken, ICollection{UnreachableDatabase})"/>.</param>
    public async Task<(long Gaps, DateTimeOffset? Last)> SkippedGaps(CancellationToken ct = default, ICollection<UnreachableDatabase>? unreachable = null)
    {
        var perDatabase = await EachDatabase(async (database, token) =>
        {
            var source = ((Weasel.Postgresql.PostgresqlDatabase)database).DataSource;
            await using var cmd = source.CreateCommand($"select count(*), max(timestamp) from {TrackerStore.Schema}.mt_high_water_skips");
            await using var reader = await cmd.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return (Gaps: reader.GetInt64(0), Last: reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1));
        }, unreachable, ct);
        return (perDatabase.Sum(d => d.Gaps), perDatabase.Max(d => d.Last));
    }

    /// <summary>A newsroom's own database that did not answer: the newsrooms placed in it and what the driver said.</summary>
    public sealed record UnreachableDatabase(IReadOnlyList<string> Newsrooms, string Problem);

    /// <summary>
    /// How long a newsroom's own database has to answer a health probe: a server that is off or behind a firewall dropping
    /// packets would otherwise hold it for Npgsql's connect timeout, retried by Marten, far past a load balancer's check.
    /// </summary>
    public static readonly TimeSpan PlacedProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One read of every database, the main one first. With <paramref name="unreachable"/>, a newsroom's own database that
    /// does not answer (refused, unreachable, or not within <see cref="PlacedProbeTimeout"/>) is noted there and left out,
    /// and one noted by an earlier read is not asked again; the main database's failure always throws.
    /// </summary>
    private async Task<List<T>> EachDatabase<T>(Func<Marten.Storage.IMartenDatabase, CancellationToken, Task<T>> read,
        ICollection<UnreachableDatabase>? unreachable, CancellationToken ct)
    {
        var results = new List<T>();
        var databases = await store.Storage.AllDatabases();
        for (var d = 0; d < databases.Count; d++)
        {
            if (d == 0 || unreachable is null)
            {
                results.Add(await read(databases[d], ct));
                continue;
            }
            var newsrooms = databases[d].TenantIds.ToList();
            if (unreachable.Any(u => u.Newsrooms.SequenceEqual(newsrooms))) continue;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(PlacedProbeTimeout);
            try
            {
                results.Add(await read(databases[d], deadline.Token));
            }
            catch (Exception e) when (ConnectionProblems.Find(e) is not null || (deadline.IsCancellationRequested && !ct.IsCancellationRequested))
            {
                unreachable.Add(new(newsrooms, e is OperationCanceledException ? $"no answer within {PlacedProbeTimeout.TotalSeconds:0} s" : e.Message));
            }
        }
        return results;
    }

    private static IEnumerable<JasperFx.Events.Projections.ShardState> Shards(IEnumerable<JasperFx.Events.Projections.ShardState> progress, string projection) =>
        progress.Where(s => s.ShardName == projection || s.ShardName.StartsWith(projection + ":", StringComparison.Ordinal));
}
