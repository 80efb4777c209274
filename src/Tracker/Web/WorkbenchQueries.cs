using System.Text.Json;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Web;

/// <summary>A claim's current read model and its stream version (what a form pins with If-Match).</summary>
public sealed record ClaimAt(Claim Claim, int Version);

/// <summary>One event of a story or its claims: a moment the replay can stop at.</summary>
public sealed record StoryEvent(DateTimeOffset At, Guid StreamId, string StreamType, int Version, string Type, string Actor, string? Reason);

/// <summary>The reads the pages need beyond one document: every query is scoped to the viewer's newsroom.</summary>
public sealed class WorkbenchQueries(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = StoreJson.Options;

    /// <summary>A story's claims as they stand, in the order they were logged.</summary>
    public async Task<IReadOnlyList<ClaimAt>> ClaimsOf(string tenant, Guid storyId, CancellationToken ct)
    {
        await using var cmd = Command(
            $"select data::text, version from {ReadModels.Claims.Table} where tenant_id = $1 and (data->>'storyId')::uuid = $2 order by created", tenant, storyId);
        var claims = new List<ClaimAt>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) claims.Add(new(JsonSerializer.Deserialize<Claim>(r.GetString(0), Json)!, r.GetInt32(1)));
        return claims;
    }

    /// <summary>Claims by id, for the text of linked claims (which may sit in another story).</summary>
    public async Task<IReadOnlyDictionary<Guid, Claim>> Claims(string tenant, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToArray();
        if (list.Length == 0) return new Dictionary<Guid, Claim>();
        var claims = await Documents<Claim>($"select data::text from {ReadModels.Claims.Table} where tenant_id = $1 and id = any($2)", ct, tenant, list);
        return claims.ToDictionary(c => c.Id);
    }

    /// <summary>The newsroom's sources by name, for the attribution pickers.</summary>
    public Task<List<Source>> Sources(string tenant, CancellationToken ct) =>
        Documents<Source>($"select data::text from {ReadModels.Sources.Table} where tenant_id = $1 order by lower(data->'details'->>'name') limit 1000", ct, tenant);

    /// <summary>Story titles by id, for lists that name stories (the corrections register).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> StoryTitles(string tenant, CancellationToken ct)
    {
        await using var cmd = Command($"select id, data->>'title' from {ReadModels.Stories.Table} where tenant_id = $1", tenant);
        var titles = new Dictionary<Guid, string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) titles[r.GetGuid(0)] = r.GetString(1);
        return titles;
    }

    /// <summary>Every event of the story and of its claims, in the order they were recorded.</summary>
    public async Task<IReadOnlyList<StoryEvent>> Moments(string tenant, Guid storyId, CancellationToken ct)
    {
        await using var cmd = Command($"""
            select e."timestamp", e.stream_id, s.type, e.version, e.type, coalesce(e.metadata->>'actor', ''), e.metadata->>'reason'
            from {TrackerStore.Schema}.events e join {TrackerStore.Schema}.streams s on s.tenant_id = e.tenant_id and s.id = e.stream_id
            where e.tenant_id = $1 and (e.stream_id = $2 or e.stream_id in
                (select id from {ReadModels.Claims.Table} where tenant_id = $1 and (data->>'storyId')::uuid = $2))
            order by e."timestamp", e.seq_id
            """, tenant, storyId);
        var moments = new List<StoryEvent>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            moments.Add(new(r.GetFieldValue<DateTimeOffset>(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetString(4),
                ActorLabel.NameOf(r.GetString(5)), r.IsDBNull(6) ? null : r.GetString(6)));
        return moments;
    }

    private async Task<List<T>> Documents<T>(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(JsonSerializer.Deserialize<T>(r.GetString(0), Json)!);
        return list;
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(new() { Value = p });
        return cmd;
    }
}
