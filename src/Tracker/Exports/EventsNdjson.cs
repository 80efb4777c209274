using System.Buffers;
using System.Data;
using System.Text.Json;
using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Exports;

/// <summary>
/// events.ndjson: every event of a newsroom (or of one story and its claims) in sequence order, one JSON
/// object per line with its hash-chain fields. Rows stream from one query straight to the output through a
/// small reusable buffer, so memory stays flat whatever the size; the HTTP route, the CLI and the benchmark
/// (which writes to <see cref="Stream.Null"/>) all call <see cref="Write"/>.
/// </summary>
public static class EventsNdjson
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>Bytes gathered before they are handed to the output; also how often a slow client sees progress.</summary>
    private const int ChunkBytes = 64 * 1024;

    private const string S = TrackerStore.Schema;

    /// <summary>Writes the export and returns how many events it wrote. Progress reports that count as it grows.</summary>
    public static async Task<long> Write(NpgsqlDataSource dataSource, ExportFilter filter, Stream output,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Query(conn, filter,
            $"e.seq_id, {LinkRows.Columns}",
            "order by e.seq_id");
        // SequentialAccess: Npgsql hands each column over as it arrives instead of holding the whole row.
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);

        var buffer = new ArrayBufferWriter<byte>(ChunkBytes * 2);
        await using var json = new Utf8JsonWriter(buffer);
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            EventLine.Write(json, Read(reader));
            json.Flush(); // into the buffer, not the output
            buffer.Write("\n"u8);
            json.Reset();
            if (++count % 1000 == 0) progress?.Report(count);
            if (buffer.WrittenCount >= ChunkBytes)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                await output.FlushAsync(ct);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        progress?.Report(count);
        return count;
    }

    /// <summary>How many events the export will hold, for a progress bar's total.</summary>
    public static async Task<long> Count(NpgsqlDataSource dataSource, ExportFilter filter, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Query(conn, filter, "count(*)", "");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static ExportedEvent Read(NpgsqlDataReader r)
    {
        var seq = r.GetInt64(0);
        var (link, hash) = LinkRows.Read(r, 1);
        return new ExportedEvent(seq, link, hash);
    }

    /// <summary>The newsroom's events, narrowed to a story's streams (the story and every claim logged under it) and a window.</summary>
    private static NpgsqlCommand Query(NpgsqlConnection conn, ExportFilter filter, string columns, string order)
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        cmd.Parameters.Add(new() { Value = filter.Newsroom });
        cmd.Parameters.Add(new() { Value = filter.AfterSeq });
        var where = $"e.tenant_id = $1 and e.seq_id > $2 and {LinkRows.NotTombstone}";
        if (filter.StoryId is { } story)
        {
            cmd.Parameters.Add(new() { Value = story });
            where += $" and (e.stream_id = ${cmd.Parameters.Count} or e.stream_id in " +
                $"(select c.id from {S}.mt_doc_claim c where c.tenant_id = $1 and (c.data->'state'->>'storyId')::uuid = ${cmd.Parameters.Count}))";
        }
        if (filter.From is { } from)
        {
            cmd.Parameters.Add(new() { Value = from });
            where += $" and e.\"timestamp\" >= ${cmd.Parameters.Count}";
        }
        if (filter.To is { } to)
        {
            cmd.Parameters.Add(new() { Value = to });
            where += $" and e.\"timestamp\" <= ${cmd.Parameters.Count}";
        }
        cmd.CommandText = $"select {columns} from {LinkRows.Events} e where {where} {order}";
        return cmd;
    }
}
