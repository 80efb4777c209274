using Marten;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// Reading a 1,000-event claim as it stood (GET ?asOf=, which folds through Marten's AggregateStreamAsync) against plain
/// Marten's AggregateStreamAsync of a claim with the same events, in process, and a plain SELECT of those rows.
/// </summary>
public static class TimeTravel
{
    public static async Task<Figure> Run(Bench bench, BenchApp app, Sizes sizes)
    {
        var client = await app.Client(Tracker.Commands.Role.Factchecker);
        var story = (await HttpWrites.Post<System.Text.Json.JsonElement>(client, "/api/stories", new { title = "Time travel", summary = "A long-lived claim" })).GetProperty("id").GetGuid();
        var claim = (await HttpWrites.Post<System.Text.Json.JsonElement>(client, $"/api/stories/{story}/claims", new { text = "Alberta produces about 84 percent of Canada's crude" })).GetProperty("id").GetGuid();
        var newsroom = await app.Newsroom();
        var plainClaim = Guid.CreateVersion7();
        await using (var session = bench.Plain.LightweightSession(newsroom))
        {
            session.Events.StartStream(plainClaim, new ClaimLogged(story, "Alberta produces about 84 percent of Canada's crude", null));
            await session.SaveChangesAsync();
        }
        for (var version = 1; version < sizes.TimeTravelEvents; version += 100)
        {
            var batch = Enumerable.Range(version, Math.Min(100, sizes.TimeTravelEvents - version))
                .Select(i => (object)new ClaimTextCorrected($"Alberta produces about {84 + i % 2} percent of Canada's crude ({i})", "Figure checked again")).ToList();
            await app.Ledger.Append(newsroom, new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(version), batch, new EventMetadata("bench")));
            await using var session = bench.Plain.LightweightSession(newsroom);
            session.Events.Append(plainClaim, version + batch.Count, [.. batch]);
            await session.SaveChangesAsync();
        }
        // A moment 95% of the way through, not the current snapshot: plain Marten folds 950 events; ours folds the 50 after
        // the replay milestone at 900 (halfway between two milestones, the average case), which the daemon made by now.
        var moment = await Moment(bench, TrackerStore.Schema, newsroom, claim, sizes.TimeTravelEvents * 95 / 100);
        var plainMoment = await Moment(bench, Bench.PlainSchema, newsroom, plainClaim, sizes.TimeTravelEvents * 95 / 100);
        var asOf = Uri.EscapeDataString(moment.ToString("O"));
        await app.Quiet();

        var times = await Measure.Medians(41, [async () =>
        {
            var response = await client.GetAsync($"/api/claims/{claim}?asOf={asOf}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }, async () =>
        {
            await using var session = bench.Plain.QuerySession(newsroom);
            _ = await session.Events.AggregateStreamAsync<Aggregate<Claim>>(plainClaim, 0, plainMoment) ?? throw new InvalidOperationException("no claim");
        }, async () =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                $"select seq_id, id, version, type, data::text, headers::text, \"timestamp\" from {TrackerStore.Schema}.mt_events where tenant_id = $1 and stream_id = $2 and \"timestamp\" <= $3 order by version");
            cmd.Parameters.Add(new() { Value = newsroom });
            cmd.Parameters.Add(new() { Value = claim });
            cmd.Parameters.Add(new() { Value = moment });
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { reader.GetString(4); reader.GetString(5); }
        }]);
        var (ours, plain, raw) = (times[0], times[1], times[2]);
        return new Figure($"Time travel, {sizes.TimeTravelEvents:N0}-event claim", $"{ours.TotalMilliseconds:0.00} ms", $"{plain.TotalMilliseconds:0.00} ms", $"{raw.TotalMilliseconds:0.00} ms",
            ours / raw, 2.0, Better.Lower,
            "GET /api/claims/{id}?asOf= at event 950 (HTTP, token check, the replay milestone at 900 handed to Marten's AggregateStreamAsync as its start, which folds the 50 events after it, JSON) vs plain Marten's AggregateStreamAsync from the first event in process (same fold) vs SELECT of the 950 rows; medians of 41, timed in turn")
        { PlainRatio = plain / ours, PlainVsRaw = plain / raw };
    }

    private static async Task<DateTimeOffset> Moment(Bench bench, string schema, string tenant, Guid stream, int version)
    {
        await using var at = bench.DataSource.CreateCommand($"select \"timestamp\" from {schema}.mt_events where tenant_id = $1 and stream_id = $2 and version = $3");
        at.Parameters.Add(new() { Value = tenant });
        at.Parameters.Add(new() { Value = stream });
        at.Parameters.Add(new() { Value = (long)version });
        var value = await at.ExecuteScalarAsync();
        return value switch
        {
            DateTimeOffset d => d,
            DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
            _ => throw new InvalidOperationException($"No event {version} in {schema}"),
        };
    }
}
