using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Http;

namespace Tracker.Stories;

/// <summary>Story reads: the board's list with counts, and one story with its claims, now or in the past.</summary>
public sealed class StoryQueries(NpgsqlDataSource db, PostgresEventStore store)
{
    public async Task<IReadOnlyList<StoryListing>> List(string tenant, CancellationToken ct)
    {
        var counts = new Dictionary<Guid, List<(string Status, string? Rating, int Count)>>();
        await using (var cmd = db.CreateCommand(
            $"select (data->>'storyId')::uuid, data->>'status', data->'publishedVerdict'->>'rating', count(*)::int from {ReadModels.Claims.Table} " +
            "where tenant_id = $1 group by 1, 2, 3"))
        {
            cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (!counts.TryGetValue(r.GetGuid(0), out var list)) counts[r.GetGuid(0)] = list = [];
                list.Add((r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3)));
            }
        }

        var stories = new List<StoryListing>();
        await using (var cmd = db.CreateCommand($"select id, version, data::text from {ReadModels.Stories.Table} where tenant_id = $1 order by created desc"))
        {
            cmd.Parameters.Add(new() { Value = tenant });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var story = System.Text.Json.JsonSerializer.Deserialize<Story>(r.GetString(2), StoreJson.Options)!;
                var c = counts.GetValueOrDefault(r.GetGuid(0)) ?? [];
                stories.Add(new StoryListing(story.Id, story.Title, story.Summary, story.IsClosed, story.OpenedAt, r.GetInt32(1),
                    c.Sum(x => x.Count),
                    c.GroupBy(x => x.Status).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)),
                    c.Where(x => x.Rating is not null).GroupBy(x => x.Rating!).ToDictionary(g => g.Key, g => g.Sum(x => x.Count))));
            }
        }
        return stories;
    }

    /// <summary>Null when the newsroom has no such story (or had none at that moment).</summary>
    public async Task<StoryView?> Read(string tenant, Guid id, PointInTime point, CancellationToken ct)
    {
        var story = point.IsNow
            ? await ReadModels.Stories.Load(db, tenant, id, ct)
            : await store.AggregateStream<Story>(tenant, id, point.Version, point.AsOf, ct: ct);
        if (story is null || !story.State.IsOpened) return null;

        // A version of the story fixes a moment: its claims are shown as they stood at that moment too.
        var moment = point.AsOf ?? (point.Version is not null ? story.Updated : null);
        var claims = new List<ClaimView>();
        foreach (var claimId in await ClaimIdsOf(db, tenant, id, ct))
        {
            var claim = moment is null
                ? await ReadModels.Claims.Load(db, tenant, claimId, ct)
                : await store.AggregateStream<Claim>(tenant, claimId, asOf: moment, ct: ct);
            if (claim is not null && claim.State.IsLogged) claims.Add(ClaimView.From(claim.State, claim.Version, moment));
        }
        var s = story.State;
        return new StoryView(s.Id, s.Title, s.Summary, s.IsClosed, s.ClosingNote, s.OpenedAt, story.Version, moment,
            [.. claims.OrderBy(c => c.LoggedAt)]);
    }

    /// <summary>A claim never moves to another story, so the current claim documents say which claims a story ever had.</summary>
    public static async Task<List<Guid>> ClaimIdsOf(NpgsqlDataSource db, string tenant, Guid storyId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select id from {ReadModels.Claims.Table} where tenant_id = $1 and (data->>'storyId')::uuid = $2 order by created, id");
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = storyId });
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetGuid(0));
        return ids;
    }
}
