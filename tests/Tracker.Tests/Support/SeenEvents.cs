using Tracker.Store;

namespace Tracker.Tests.Support;

/// <summary>An async projection that writes down every event id it is given, so a test can count each exactly once.</summary>
public sealed class SeenEvents(string name = "seen_events") : ISqlProjection
{
    public string Name => name;
    public string Table => $"tracker.{name}";
    public IReadOnlyList<string> Tables => [Table];

    public IEnumerable<string> Schema()
    {
        yield return $"create table if not exists {Table} (event_id uuid not null, seq bigint not null)";
    }

    public Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        batch.Queue($"insert into {Table} (event_id, seq) select * from unnest(?::uuid[], ?::bigint[])",
            batch.Events.Select(e => e.Id).ToArray(), batch.Events.Select(e => e.Sequence).ToArray());
        return Task.CompletedTask;
    }
}
