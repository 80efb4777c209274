using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;

namespace Tracker.Exports;

/// <summary>A claim's current state with what an export says about it: its story's title and the sources it is attributed to.</summary>
public sealed record ClaimRecord(Claim Claim, string? StoryTitle, IReadOnlyDictionary<Guid, Source> Sources)
{
    /// <summary>The attributions that still stand, each with its source.</summary>
    public IEnumerable<(Attribution Attribution, Source Source)> Standing() =>
        Claim.Attributions.Where(a => !a.Withdrawn && Sources.ContainsKey(a.SourceId)).Select(a => (a, Sources[a.SourceId]));
}

/// <summary>
/// Streams a newsroom's claims from their inline snapshots, one row at a time with its story and sources joined in
/// by the database, so the claim exports never hold more than one claim in memory. It reads Marten's document tables
/// by hand, as the event export reads its event table: Marten's LINQ cannot join three documents in one streamed query.
/// </summary>
public static class ClaimRecords
{
    private const string S = TrackerStore.Schema;

    public static async IAsyncEnumerable<ClaimRecord> Read(NpgsqlDataSource dataSource, ExportFilter filter, bool publishedOnly,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Query(conn, filter, publishedOnly, $"""
            (c.data->'state')::text, st.data->'state'->>'title',
            coalesce((select jsonb_agg(src.data->'state') from {S}.mt_doc_source src where src.tenant_id = c.tenant_id and src.id in
                (select (a->>'sourceId')::uuid from jsonb_array_elements(c.data->'state'->'attributions') a)), '[]')::text
            """, "order by (c.data->>'created')::timestamptz, c.id");
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var claim = JsonSerializer.Deserialize<Claim>(reader.GetString(0), StoreJson.Options)!;
            var title = await reader.IsDBNullAsync(1, ct) ? null : reader.GetString(1);
            var sources = JsonSerializer.Deserialize<List<Source>>(reader.GetString(2), StoreJson.Options)!;
            yield return new ClaimRecord(claim, title, sources.ToDictionary(s => s.Id));
        }
    }

    public static async Task<long> Count(NpgsqlDataSource dataSource, ExportFilter filter, bool publishedOnly, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Query(conn, filter, publishedOnly, "count(*)", "");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlCommand Query(NpgsqlConnection conn, ExportFilter filter, bool publishedOnly, string columns, string order)
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        cmd.Parameters.Add(new() { Value = filter.Newsroom });
        var where = "c.tenant_id = $1";
        if (filter.StoryId is { } story)
        {
            cmd.Parameters.Add(new() { Value = story });
            where += " and (c.data->'state'->>'storyId')::uuid = $2";
        }
        if (filter.ClaimId is { } claim)
        {
            cmd.Parameters.Add(new() { Value = claim });
            where += $" and c.id = ${cmd.Parameters.Count}";
        }
        // Verdicts keep their outcome in the snapshot; containment finds the published one without unpacking the rest.
        if (publishedOnly) where += """ and c.data->'state'->'verdicts' @> '[{"outcome":"published"}]'""";
        cmd.CommandText = $"select {columns} from {S}.mt_doc_claim c " +
            $"left join {S}.mt_doc_story st on st.tenant_id = c.tenant_id and st.id = (c.data->'state'->>'storyId')::uuid where {where} {order}";
        return cmd;
    }
}
