using Tracker.Store;

namespace Tracker.Tests.Support;

/// <summary>
/// An async projection that writes down every event id it is given, so a test can count each. Marten's daemon delivers
/// at least once: a crash between a batch's commit and its acknowledgement replays the batch. With
/// <paramref name="absorbRedelivery"/> the projection is idempotent, as Tracker's own are, and a test counts that no
/// event is missing; without it, a second delivery shows as a duplicate row.
/// </summary>
public sealed class SeenEvents(string name = "seen_events", bool absorbRedelivery = false) : ISqlProjection
{
    public string Name => name;
    public string Table => $"tracker.{name}";
    public IReadOnlyList<string> Tables => [Table];

    public IEnumerable<string> Schema()
    {
        yield return absorbRedelivery
            ? $"create table if not exists {Table} (event_id uuid primary key, seq bigint not null)"
            : $"create table if not exists {Table} (event_id uuid not null, seq bigint not null)";
    }

    /// <summary>
    /// Counts the events inside the ranges Marten recorded in mt_high_water_skips that this projection never got: the
    /// events a skip lost. A record alone loses nothing when the gap's transaction committed between Marten's gap check
    /// and its liveness check (the daemon then reads the range, rows included), so tests count the loss, not the records.
    /// </summary>
    public string LostToSkips =>
        "select count(*) from tracker.mt_events e join tracker.mt_high_water_skips k " +
        "on e.seq_id > k.starting_sequence and e.seq_id <= k.ending_sequence " +
        $"where e.type <> 'tombstone' and not exists (select 1 from {Table} s where s.event_id = e.id)";

    public Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        batch.Queue($"insert into {Table} (event_id, seq) select * from unnest(?::uuid[], ?::bigint[])" + (absorbRedelivery ? " on conflict do nothing" : ""),
            batch.Events.Select(e => e.Id).ToArray(), batch.Events.Select(e => e.Sequence).ToArray());
        return Task.CompletedTask;
    }
}
