using NpgsqlTypes;
using Tracker.Claims;
using Tracker.EventStore;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// 8 writers, each on its own claim: ours appends a claim_text_corrected with the expected version, hash
/// chain and the inline claim snapshot; the limit is a plain INSERT of an equivalent row, autocommitted.
/// </summary>
public static class SingleAppends
{
    public const int Writers = 8;

    public static async Task<(Figure Figure, double OursRate, double RawRate)> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var claims = new Guid[Writers];
        var heads = new KnownHead[Writers];
        for (var w = 0; w < Writers; w++)
        {
            claims[w] = Guid.CreateVersion7();
            heads[w] = (await bench.Store.Append(Bench.Tenant, new StreamAppend(claims[w], ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
                [new ClaimLogged(Guid.CreateVersion7(), "APP leaders met State Department officials three times since April", null)], new EventMetadata("bench")))).Next;
        }
        var plainStreams = new Guid[Writers];
        var plainVersions = new long[Writers];
        for (var w = 0; w < Writers; w++)
        {
            await using var session = bench.Plain.LightweightSession(Bench.Tenant);
            plainStreams[w] = Guid.CreateVersion7();
            session.Events.StartStream(plainStreams[w], new ClaimLogged(Guid.CreateVersion7(), "APP leaders met State Department officials three times since April", null));
            await session.SaveChangesAsync();
            plainVersions[w] = 1;
        }

        // The figure is the store's append; the async projections' share is the lag figure's.
        await using var paused = await app.PauseDaemon();
        // Each writer appends from the head its previous append returned, as a command does from FetchForWriting.
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster));
        var (ours, raw) = await Measure.AlternatingRates(Rounds, sizes.AppendDuration * 2, d => oursCpu.Round(() => Measure.Count(Writers, d, async (w, i) =>
        {
            var result = await bench.Store.Append(Bench.Tenant, new StreamAppend(claims[w], ClaimEventTypes.StreamType,
                ExpectedVersion.Exactly(heads[w].Version), [new ClaimTextCorrected($"APP leaders met State Department officials at least three times ({i})", "Wording as published")],
                new EventMetadata("Bench Factchecker <00000000-0000-0000-0000-000000000001>", "Wording as published")) { Head = heads[w] });
            heads[w] = result.Next;
        })), d => rawCpu.Round(() => Measure.Count(Writers, d, RawInsert(bench))), warmedUp: () =>
        {
            oursCpu.Clear();
            rawCpu.Clear();
        });
        // Plain Marten against the raw limit in rounds of their own: the same append with its expected version, no hash, no snapshot.
        var (plain, rawAgain) = await Measure.AlternatingRates(Rounds, sizes.AppendDuration * 2, d => Measure.Count(Writers, d, async (w, i) =>
        {
            await using var session = bench.Plain.LightweightSession(Bench.Tenant);
            session.Events.Append(plainStreams[w], plainVersions[w] + 1,
                new ClaimTextCorrected($"APP leaders met State Department officials at least three times ({i})", "Wording as published"));
            await session.SaveChangesAsync();
            plainVersions[w]++;
        }), d => Measure.Count(Writers, d, RawInsert(bench)));
        var plainRatio = plain / rawAgain;

        return (new Figure("Single-event appends, 8 writers", $"{ours:N0} ev/s", $"{raw:N0} ev/s", ours / raw, 0.5, Better.Higher,
            $"expected version, hash chain and inline claim snapshot vs plain INSERT; {Rounds} alternating rounds of each; " +
            $"plain Marten (same append, no hash, no snapshot) {plain:N0} ev/s = {plainRatio:0.00} of raw in its own alternating rounds, so ours is {ours / raw / plainRatio:0.00} of plain Marten; " +
            $"CPU per event {oursCpu.AppMsPerOperation:0.00} ms in the app and {oursCpu.DatabaseMsPerOperation:0.00} ms in PostgreSQL, " +
            $"raw {rawCpu.AppMsPerOperation:0.00} and {rawCpu.DatabaseMsPerOperation:0.00} ms") { Plain = $"{plain:N0} ev/s", PlainRatio = ours / raw / plainRatio }, ours, raw);
    }

    public const int Rounds = 5;

    /// <summary>The limit: one autocommitted INSERT of a row like a claim_text_corrected event, each writer on its own stream.</summary>
    public static Func<int, long, Task> RawInsert(Bench bench)
    {
        var streams = Enumerable.Range(0, Writers).Select(_ => Guid.CreateVersion7()).ToArray();
        return async (w, i) =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                "insert into bench.raw_events (id, tenant_id, stream_id, version, type, data, headers, \"timestamp\") values ($1, $2, $3, $4, $5, $6, $7, $8)");
            cmd.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            cmd.Parameters.Add(new() { Value = Bench.Tenant });
            cmd.Parameters.Add(new() { Value = streams[w % Writers] });
            cmd.Parameters.Add(new() { Value = i + 1 });
            cmd.Parameters.Add(new() { Value = "claim_text_corrected" });
            cmd.Parameters.Add(new() { Value = RawData, NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new() { Value = RawHeaders, NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new() { Value = DateTimeOffset.UtcNow });
            await cmd.ExecuteNonQueryAsync();
        };
    }

    private static readonly string RawData = System.Text.Json.JsonSerializer.Serialize(
        new ClaimTextCorrected("APP leaders met State Department officials at least three times (0)", "Wording as published"), StoreJson.Options);

    /// <summary>What our headers carry per event (actor, reason, hashes), so the raw row is as wide as ours.</summary>
    private const string RawHeaders = "{\"actor\":\"Bench Factchecker <00000000-0000-0000-0000-000000000001>\",\"reason\":\"Wording as published\"," +
        "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"prevHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}";
}
