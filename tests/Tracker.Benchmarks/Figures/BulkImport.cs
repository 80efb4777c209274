using JasperFx.Events;
using NpgsqlTypes;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.Exports;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// 100k claim events over 1,000 new streams, as `tracker import` writes them: Ledger.Import (each event's hash checked
/// against its chain, ids, versions, times and hashes kept, binary COPY of events and inline snapshots) against plain
/// Marten's BulkInsertEventsAsync of the same events (COPY, no hashes, no snapshots) and a raw binary COPY of
/// equivalent mt_events-shaped rows.
/// </summary>
public static class BulkImport
{
    private const int Rounds = 3;

    public static async Task<Figure> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var newsroom = await app.Newsroom();
        var perStream = sizes.BulkEvents / sizes.BulkStreams;
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, plainCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster), new CpuTally(postmaster));
        // Each timed round imports new streams built before timing (an export file's lines, already parsed).
        var small = Math.Max(1, sizes.BulkStreams / 50);
        var ours = new Queue<List<ExportedEvent>>(Enumerable.Range(0, Rounds).Select(_ => Exported(bench, newsroom, sizes.BulkStreams, perStream)));
        var plain = new Queue<List<StreamAction>>(Enumerable.Range(0, Rounds).Select(_ => Actions(bench, sizes.BulkStreams, perStream)));
        // The figure is the import, as for single appends: the app's daemon is paused while any side is timed (it found
        // each committed batch of ours at its next poll and projected it into the search, timeline and corrections
        // tables beside the import, three quarters of the PostgreSQL CPU timed as ours; the plain side has no daemon).
        // It runs between timed imports, untimed, until it has projected everything (settle).
        IAsyncDisposable? paused = null;
        async Task Resume()
        {
            if (paused is not null) await paused.DisposeAsync();
            paused = null;
        }
        TimeSpan[] times;
        try
        {
            times = await Measure.Medians(Rounds, [
                oursCpu.Around(() => app.Ledger.Import(ours.Dequeue().ToAsyncEnumerable()), sizes.BulkEvents),
                plainCpu.Around(() => bench.Plain.BulkInsertEventsAsync(newsroom, plain.Dequeue()), sizes.BulkEvents),
                rawCpu.Around(Raw(bench, sizes.BulkStreams, perStream), sizes.BulkEvents),
            ],
                // Small imports of each, until the JIT is done with all three (a warm-up's input is built inside it, untimed).
                warmUp: async () =>
                {
                    await Resume();
                    await app.Ledger.Import(Exported(bench, newsroom, small, perStream).ToAsyncEnumerable());
                    await app.Quiet();
                    await bench.Plain.BulkInsertEventsAsync(newsroom, Actions(bench, small, perStream));
                    await Raw(bench, small, perStream)();
                },
                // The app's daemon projects each import after it is timed: let it finish, untimed, and pause it again.
                settle: async () =>
                {
                    await Resume();
                    await app.Quiet();
                    paused = await app.PauseDaemon();
                });
        }
        finally
        {
            await Resume();
        }
        var (oursRate, plainRate, rawRate) = (sizes.BulkEvents / times[0].TotalSeconds, sizes.BulkEvents / times[1].TotalSeconds, sizes.BulkEvents / times[2].TotalSeconds);
        return new Figure($"Bulk import, {sizes.BulkEvents:N0} events / {sizes.BulkStreams:N0} streams", $"{oursRate:N0} ev/s", $"{plainRate:N0} ev/s", $"{rawRate:N0} ev/s",
            oursRate / rawRate, 0.35, Better.Higher,
            $"Ledger.Import (hash checked, chain kept, COPY of events and inline snapshots) vs Marten's BulkInsertEventsAsync (COPY, no snapshots) vs binary COPY of equivalent rows; the app's daemon paused while timed; " +
            $"medians of {Rounds}, timed in turn after small imports of each until the JIT is done; CPU per event in the app / PostgreSQL: ours {oursCpu.AppMsPerOperation * 1000:0.0} / {oursCpu.DatabaseMsPerOperation * 1000:0.0} µs, " +
            $"Marten {plainCpu.AppMsPerOperation * 1000:0.0} / {plainCpu.DatabaseMsPerOperation * 1000:0.0} µs, raw {rawCpu.AppMsPerOperation * 1000:0.0} / {rawCpu.DatabaseMsPerOperation * 1000:0.0} µs")
        { PlainRatio = oursRate / plainRate, PlainTarget = 0.85, PlainVsRaw = plainRate / rawRate };
    }

    private static object Event(int claim, int version) => version == 1
        ? new ClaimLogged(Guid.Empty, $"Alberta produces about 84 percent of Canada's crude oil ({claim})", null)
        : new ClaimTextCorrected($"Alberta produces about {84 + version % 2} percent of Canada's crude oil ({claim}/{version})", "Checked against the regulator's figures");

    /// <summary>An export's lines for new claim streams: chained and hashed as the exporting installation did.</summary>
    private static List<ExportedEvent> Exported(Bench bench, string tenant, int streams, int perStream)
    {
        var events = new List<ExportedEvent>(streams * perStream);
        var now = EventHash.TruncateToMicroseconds(DateTimeOffset.UtcNow);
        const string metadata = """{"actor":"importer"}""";
        for (var s = 0; s < streams; s++)
        {
            var stream = Guid.CreateVersion7();
            var prev = EventHash.Genesis;
            for (var v = 1; v <= perStream; v++)
            {
                var data = Event(s, v);
                var link = new ChainLink(tenant, stream, ClaimEventTypes.StreamType, v, Guid.CreateVersion7(), bench.Types.AliasFor(data.GetType()), now,
                    bench.Types.SerializeCanonical(data), metadata, prev);
                prev = EventHash.Compute(link);
                events.Add(new ExportedEvent(events.Count + 1, link, prev));
            }
        }
        return events;
    }

    private static List<StreamAction> Actions(Bench bench, int streams, int perStream) =>
        [.. Enumerable.Range(0, streams).Select(s => StreamAction.Start(bench.PlainEvents, Guid.CreateVersion7(),
            [.. Enumerable.Range(1, perStream).Select(v => Event(s, v))]))];

    private static Func<Task> Raw(Bench bench, int streams, int perStream) => async () =>
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Event(0, 2), StoreJson.Options);
        await using var conn = await bench.DataSource.OpenConnectionAsync();
        await using var importer = await conn.BeginBinaryImportAsync(
            "copy bench.raw_events (id, tenant_id, stream_id, version, type, data, headers, \"timestamp\") from stdin (format binary)");
        var now = DateTimeOffset.UtcNow;
        for (var s = 0; s < streams; s++)
        {
            var stream = Guid.CreateVersion7();
            for (var v = 1; v <= perStream; v++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await importer.WriteAsync(Bench.Tenant, NpgsqlDbType.Varchar);
                await importer.WriteAsync(stream, NpgsqlDbType.Uuid);
                await importer.WriteAsync((long)v, NpgsqlDbType.Bigint);
                await importer.WriteAsync("claim_text_corrected", NpgsqlDbType.Varchar);
                await importer.WriteAsync(json, NpgsqlDbType.Jsonb);
                await importer.WriteAsync(SingleAppends.RawHeaders, NpgsqlDbType.Jsonb);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
        }
        await importer.CompleteAsync();
    };
}
