using System.Diagnostics;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Search;

/// <summary>
/// Read-your-writes for the search tables: they are kept by the async daemon, so a read straight after a write waits
/// (briefly) until the daemon has applied every event committed before the read began. After the bound it answers with
/// what is there; /health shows the lag then.
/// </summary>
public static class SearchFreshness
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    public static async Task CaughtUp(Ledger ledger, string newsroom, CancellationToken ct)
    {
        // Committed events only: a sequence number taken by an append that failed is never projected.
        await using var last = ledger.For(newsroom).CreateCommand($"select coalesce(max(seq_id), 0) from {TrackerStore.Schema}.mt_events");
        var target = (long)(await last.ExecuteScalarAsync(ct))!;
        var waited = Stopwatch.StartNew();
        while (await ledger.ProjectionPosition(ClaimSearchProjection.ProjectionName, ct, newsroom) < target && waited.Elapsed < Bound)
            await Task.Delay(20, ct);
    }
}
