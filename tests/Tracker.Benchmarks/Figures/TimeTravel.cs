using Microsoft.Extensions.DependencyInjection;
using Tracker.Claims;
using Tracker.EventStore;

namespace Tracker.Benchmarks.Figures;

/// <summary>Reading a 1,000-event claim as it stood (GET ?asOf=) against a plain SELECT of those rows.</summary>
public static class TimeTravel
{
    public static async Task<Figure> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var client = await app.Client(Tracker.Commands.Role.Factchecker);
        var story = (await HttpWrites.Post<System.Text.Json.JsonElement>(client, "/api/stories", new { title = "Time travel", summary = "A long-lived claim" })).GetProperty("id").GetGuid();
        var claim = (await HttpWrites.Post<System.Text.Json.JsonElement>(client, $"/api/stories/{story}/claims", new { text = "Alberta produces about 84 percent of Canada's crude" })).GetProperty("id").GetGuid();
        var newsroom = (await app.Services.GetRequiredService<Tracker.Accounts.AccountDirectory>().Newsrooms())[0].Slug;
        for (var version = 1; version < sizes.TimeTravelEvents; version += 100)
        {
            var batch = Enumerable.Range(version, Math.Min(100, sizes.TimeTravelEvents - version))
                .Select(i => (object)new ClaimTextCorrected($"Alberta produces about {84 + i % 2} percent of Canada's crude ({i})", "Figure checked again")).ToList();
            await bench.Store.Append(newsroom, new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(version), batch, new EventMetadata("bench")));
        }
        // A moment nine tenths of the way through: the read must fold 900 events, not serve the current snapshot.
        DateTimeOffset moment;
        await using (var at = bench.DataSource.CreateCommand("select \"timestamp\" from tracker.mt_events where tenant_id = $1 and stream_id = $2 and version = $3"))
        {
            at.Parameters.Add(new() { Value = newsroom });
            at.Parameters.Add(new() { Value = claim });
            at.Parameters.Add(new() { Value = (long)(sizes.TimeTravelEvents * 9 / 10) });
            moment = (await at.ExecuteScalarAsync()) switch { DateTimeOffset o => o, DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)), var x => throw new InvalidOperationException($"no time: {x}") };
        }
        var asOf = Uri.EscapeDataString(moment.ToString("O"));
        await app.Quiet();

        var (ours, raw) = await Measure.MedianPair(41, async () =>
        {
            var response = await client.GetAsync($"/api/claims/{claim}?asOf={asOf}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }, async () =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                "select seq_id, id, version, type, data::text, headers::text, \"timestamp\" from tracker.mt_events where tenant_id = $1 and stream_id = $2 and \"timestamp\" <= $3 order by version");
            cmd.Parameters.Add(new() { Value = newsroom });
            cmd.Parameters.Add(new() { Value = claim });
            cmd.Parameters.Add(new() { Value = moment });
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { reader.GetString(4); reader.GetString(5); }
        });
        return new Figure($"Time travel, {sizes.TimeTravelEvents:N0}-event claim", $"{ours.TotalMilliseconds:0.00} ms", $"{raw.TotalMilliseconds:0.00} ms",
            ours / raw, 2.0, Better.Lower, "GET /api/claims/{id}?asOf= at event 900 (HTTP, token check, fold, JSON) vs SELECT of those rows; timed alternately, medians of 41");
    }
}
