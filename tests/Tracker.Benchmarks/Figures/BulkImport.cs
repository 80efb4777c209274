using NpgsqlTypes;
using Tracker.EventStore;
using Tracker.Stories;

namespace Tracker.Benchmarks.Figures;

/// <summary>100k events over 1,000 new streams: the store's bulk append (hash chains, binary COPY) vs a raw binary COPY of equivalent rows.</summary>
public static class BulkImport
{
    public static async Task<Figure> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var perStream = sizes.BulkEvents / sizes.BulkStreams;
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster));
        // Each timed round imports new streams, built before timing, as the raw side's rows are built inside its loop from ready values.
        List<StreamAppend> Streams(int streams) => Enumerable.Range(0, streams).Select(s => new StreamAppend(Guid.CreateVersion7(), StoryEventTypes.StreamType,
            ExpectedVersion.NoStream, Enumerable.Range(0, perStream).Select(i => i == 0 ? (object)new StoryOpened("Bench story", "Bulk import") : Bench.Note(s * perStream + i)).ToList(),
            new EventMetadata("importer"))).ToList();
        var rounds = new Queue<List<StreamAppend>>(Enumerable.Range(0, Rounds).Select(_ => Streams(sizes.BulkStreams)));
        var small = Math.Max(1, sizes.BulkStreams / 50);
        var (ours, raw) = await Measure.MedianPair(Rounds,
            // CPU of each timed round, app and server: a rate moves with the machine, CPU per event much less.
            oursCpu.Around(() => bench.Store.BulkAppend(Bench.Tenant, rounds.Dequeue()), sizes.BulkEvents),
            rawCpu.Around(Raw(bench, sizes.BulkStreams, perStream), sizes.BulkEvents),
            // Small imports of each, until the JIT is done with both (a warm-up's input is built inside it, untimed).
            warmUp: async () =>
            {
                await bench.Store.BulkAppend(Bench.Tenant, Streams(small));
                await app.Quiet();
                await Raw(bench, small, perStream)();
            },
            // The app's daemon projects each import after it commits: let it finish, untimed, so neither side runs beside it.
            settle: app.Quiet);
        var oursRate = sizes.BulkEvents / ours.TotalSeconds;
        var rawRate = sizes.BulkEvents / raw.TotalSeconds;
        return new Figure($"Bulk import, {sizes.BulkEvents:N0} events / {sizes.BulkStreams:N0} streams", $"{oursRate:N0} ev/s", $"{rawRate:N0} ev/s",
            oursRate / rawRate, 0.35, Better.Higher, $"hash chains + binary COPY vs binary COPY of equivalent rows; timed alternately, medians of {Rounds} after small imports of each until the JIT is done; " +
            $"CPU per event {oursCpu.AppMsPerOperation * 1000:0.0} µs in the app and {oursCpu.DatabaseMsPerOperation * 1000:0.0} µs in PostgreSQL, " +
            $"raw {rawCpu.AppMsPerOperation * 1000:0.0} and {rawCpu.DatabaseMsPerOperation * 1000:0.0} µs");
    }

    private const int Rounds = 3;

    private const string Headers = """{"actor":"importer","hash":"0000000000000000000000000000000000000000000000000000000000000000","prevHash":"0000000000000000000000000000000000000000000000000000000000000000"}""";

    private static Func<Task> Raw(Bench bench, int streams, int perStream) => async () =>
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Bench.Note(0), StoreJson.Options);
        {
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
                    await importer.WriteAsync("story_retitled", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(json, NpgsqlDbType.Jsonb);
                    await importer.WriteAsync(Headers, NpgsqlDbType.Jsonb);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }
            await importer.CompleteAsync();
        }
    };
}
