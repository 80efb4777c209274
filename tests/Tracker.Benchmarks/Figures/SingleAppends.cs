using NpgsqlTypes;
using Tracker.Claims;
using Tracker.EventStore;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// 8 writers, each on its own claim, in three alternating sides: ours appends a claim_text_corrected through the Ledger
/// (expected version, hash chain in headers, inline claim snapshot); plain Marten appends the same event with
/// session.Events.Append(id, expectedVersion, e) + SaveChangesAsync in the same append mode with the same inline
/// snapshot; the limit is a plain autocommitted INSERT of an equivalent mt_events-shaped row.
/// </summary>
public static class SingleAppends
{
    public const int Writers = 8;
    public const int Rounds = 5;

    public static async Task<(Figure Figure, double OursRate, double RawRate)> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var newsroom = await app.Newsroom();
        var ledger = app.Ledger;
        var claims = new Guid[Writers];
        var heads = new KnownHead[Writers];
        var plainClaims = new Guid[Writers];
        var plainVersions = new long[Writers];
        for (var w = 0; w < Writers; w++)
        {
            claims[w] = Guid.CreateVersion7();
            heads[w] = (await ledger.Append(newsroom, new StreamAppend(claims[w], ClaimEventTypes.StreamType, ExpectedVersion.NoStream,
                [new ClaimLogged(Guid.CreateVersion7(), "APP leaders met State Department officials three times since April", null)], new EventMetadata("bench")))).Next;
            plainClaims[w] = Guid.CreateVersion7();
            await using var session = bench.Plain.LightweightSession(newsroom);
            session.Events.StartStream(plainClaims[w], new ClaimLogged(Guid.CreateVersion7(), "APP leaders met State Department officials three times since April", null));
            await session.SaveChangesAsync();
            plainVersions[w] = 1;
        }

        // The figure is the append; the async projections' share is the lag figure's.
        await using var paused = await app.PauseDaemon();
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, plainCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster), new CpuTally(postmaster));
        var rates = await Measure.AlternatingRates(Rounds, sizes.AppendDuration * 3, [
            d => oursCpu.Round(() => Measure.Count(Writers, d, async (w, i) =>
            {
                // Each writer appends from the head its previous append returned, as a command does from FetchForWriting.
                var result = await ledger.Append(newsroom, new StreamAppend(claims[w], ClaimEventTypes.StreamType,
                    ExpectedVersion.Exactly(heads[w].Version), [new ClaimTextCorrected($"APP leaders met State Department officials at least three times ({i})", "Wording as published")],
                    new EventMetadata("Bench Factchecker <00000000-0000-0000-0000-000000000001>", "Wording as published")) { Head = heads[w] });
                heads[w] = result.Next;
            })),
            d => plainCpu.Round(() => Measure.Count(Writers, d, async (w, i) =>
            {
                await using var session = bench.Plain.LightweightSession(newsroom);
                session.Events.Append(plainClaims[w], plainVersions[w] + 1,
                    new ClaimTextCorrected($"APP leaders met State Department officials at least three times ({i})", "Wording as published"));
                await session.SaveChangesAsync();
                plainVersions[w]++;
            })),
            d => rawCpu.Round(() => Measure.Count(Writers, d, RawInsert(bench))),
        ], warmedUp: () =>
        {
            oursCpu.Clear();
            plainCpu.Clear();
            rawCpu.Clear();
        });
        var (ours, plain, raw) = (rates[0], rates[1], rates[2]);
        return (new Figure("Single-event appends, 8 writers", $"{ours:N0} ev/s", $"{plain:N0} ev/s", $"{raw:N0} ev/s", ours / raw, 0.5, Better.Higher,
            $"Ledger.Append (expected version, hash chain, inline claim snapshot) vs Events.Append + SaveChanges (same mode and snapshot) vs plain INSERT; {Rounds} alternating rounds of each; " +
            $"CPU per event in the app / PostgreSQL: ours {oursCpu.AppMsPerOperation:0.00} / {oursCpu.DatabaseMsPerOperation:0.00} ms, " +
            $"Marten {plainCpu.AppMsPerOperation:0.00} / {plainCpu.DatabaseMsPerOperation:0.00} ms, raw {rawCpu.AppMsPerOperation:0.00} / {rawCpu.DatabaseMsPerOperation:0.00} ms")
        { PlainRatio = ours / plain, PlainTarget = 0.85, PlainVsRaw = plain / raw }, ours, raw);
    }

    /// <summary>The limit: one autocommitted INSERT of a row like a claim_text_corrected event in mt_events, each writer on its own stream.</summary>
    public static Func<int, long, Task> RawInsert(Bench bench)
    {
        var streams = Enumerable.Range(0, Writers).Select(_ => Guid.CreateVersion7()).ToArray();
        return async (w, i) =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                "insert into bench.raw_events (id, tenant_id, stream_id, version, type, data, headers, \"timestamp\") " +
                "values ($1, $2, $3, $4, $5, $6, $7, $8)");
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

    /// <summary>Headers as the ledger writes them: hash, prevHash, recordedAt, streamType, actor, reason.</summary>
    public static readonly string RawHeaders = $$"""{"hash":"{{new string('a', 64)}}","prevHash":"{{new string('b', 64)}}","recordedAt":"2026-12-05T16:00:00.000000Z","streamType":"claim","actor":"Bench Factchecker <00000000-0000-0000-0000-000000000001>","reason":"Wording as published"}""";
}
