using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Http;

namespace Tracker.Replay;

/// <summary>Which clock the timeline is filtered and ordered by: the audit clock, or when things happened in the world.</summary>
public enum TimelineClock { Recorded, World }

/// <summary>?clock=recorded|world, recorded when absent; anything else is a problem naming the parameter.</summary>
public static class Clocks
{
    public static (TimelineClock Clock, IResult? Problem) Parse(string? clock) => clock switch
    {
        null or "recorded" => (TimelineClock.Recorded, null),
        "world" => (TimelineClock.World, null),
        _ => (default, Problems.Problem(400, "one_of", "clock must be recorded or world.", "clock")),
    };
}

public enum TimelineOrder { Asc, Desc }

/// <summary>One event of the story or of one of its claims. <see cref="Actor"/> is the name; the account id is in the claim's history.</summary>
public sealed record TimelineEntry(long Sequence, Guid EventId, Guid StreamId, string StreamType, int Version, string Type,
    string? Actor, string? Reason, string Summary, DateTimeOffset RecordedAt, DateTimeOffset? WorldAt, JsonElement Data);

/// <summary>A page of the timeline; pass <see cref="Next"/> as ?after= for the following one (null on the last page).</summary>
public sealed record TimelinePage(Guid StoryId, TimelineClock Clock, TimelineOrder Order, IReadOnlyList<TimelineEntry> Entries, long? Next);

/// <summary>
/// ?from=&amp;to=&amp;clock=&amp;order=&amp;after=&amp;limit=. The cursor is the sequence of the last entry read; the next page
/// starts after that entry's place in the chosen order. In world order, entries without a world time come last either way.
/// </summary>
public sealed record TimelineQuery(DateTimeOffset? From, DateTimeOffset? To, TimelineClock Clock, TimelineOrder Order, long? After, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static (TimelineQuery? Query, IResult? Problem) Parse(string? from, string? to, string? clock, string? order, string? after, string? limit)
    {
        var (start, end, problem) = Moments.Range(from, to);
        if (problem is not null) return (null, problem);
        var (c, badClock) = Clocks.Parse(clock);
        if (badClock is not null) return (null, badClock);
        TimelineOrder? o = order switch { null or "asc" => TimelineOrder.Asc, "desc" => TimelineOrder.Desc, _ => null };
        if (o is null) return (null, Problems.Problem(400, "one_of", "order must be asc or desc.", "order"));
        long? cursor = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                return (null, Problems.Problem(400, "cursor_format", "after must be the next value of a previous page.", "after"));
            cursor = seq;
        }
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            return (null, Problems.Problem(400, "out_of_range", $"limit must be a whole number from 1 to {MaxLimit}.", "limit"));
        return (new TimelineQuery(start, end, c, o.Value, cursor, size), null);
    }

    /// <summary>The page, or null when the cursor names no entry of this story's timeline.</summary>
    public async Task<TimelinePage?> Read(Ledger ledger, string tenant, Guid storyId, CancellationToken ct)
    {
        var clock = Clock == TimelineClock.World ? "world_at" : "recorded_at";
        // Infinity on the far side keeps entries without a world time last in both directions.
        string[] keys = Clock == TimelineClock.World
            ? [$"coalesce(t.world_at, '{(Order == TimelineOrder.Asc ? "infinity" : "-infinity")}'::timestamptz)", "t.recorded_at", "t.seq"]
            : ["t.recorded_at", "t.seq"];
        var key = string.Join(", ", keys);
        var (direction, beyond) = Order == TimelineOrder.Asc ? ("asc", ">") : ("desc", "<");
        var sql = $"select t.seq, t.stream_type, t.summary, t.recorded_at, t.world_at from {StoryTimelineProjection.Table} t " +
            "where t.tenant_id = $1 and t.story_id = $2 " +
            $"and ($3::timestamptz is null or t.{clock} >= $3) and ($4::timestamptz is null or t.{clock} <= $4) ";
        if (After is not null)
            sql += $"and ({key}) {beyond} (select {key} from {StoryTimelineProjection.Table} t where t.tenant_id = $1 and t.story_id = $2 and t.seq = $6) ";
        sql += $"order by {string.Join(", ", keys.Select(k => $"{k} {direction}"))} limit $5";

        await using var conn = await ledger.For(tenant).OpenConnectionAsync(ct);
        if (After is { } cursor && !await CursorExists(conn, tenant, storyId, cursor, ct)) return null;
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = storyId });
        cmd.Parameters.Add(new() { Value = (object?)From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = Limit + 1 });
        if (After is not null) cmd.Parameters.Add(new() { Value = After.Value });
        var rows = new List<(long Seq, string StreamType, string Summary, DateTimeOffset RecordedAt, DateTimeOffset? WorldAt)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)));
        }
        // Ids, type, metadata and payload come from the events themselves, through Marten: a row's seq is its event's sequence.
        var events = (await ledger.EventsAt(tenant, rows.Select(r => r.Seq).ToArray(), ct)).ToDictionary(e => e.Sequence);
        var entries = rows.Where(r => events.ContainsKey(r.Seq)).Select(r =>
        {
            var e = events[r.Seq];
            return new TimelineEntry(r.Seq, e.Id, e.StreamId, r.StreamType, e.Version, e.Type,
                e.Metadata.Actor is { } actor ? Claims.ActorLabel.NameOf(actor) : null, e.Metadata.Reason, r.Summary, r.RecordedAt, r.WorldAt,
                JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), EventStore.StoreJson.Options));
        }).ToList();
        var more = entries.Count > Limit;
        if (more) entries.RemoveAt(entries.Count - 1);
        return new TimelinePage(storyId, Clock, Order, entries, more ? entries[^1].Sequence : null);
    }

    private static async Task<bool> CursorExists(NpgsqlConnection conn, string tenant, Guid storyId, long seq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select 1 from {StoryTimelineProjection.Table} where tenant_id = $1 and story_id = $2 and seq = $3", conn);
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = storyId });
        cmd.Parameters.Add(new() { Value = seq });
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }
}
