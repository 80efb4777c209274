using JasperFx.Events;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Stories;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// A newsroom holding one story with claims of 100 events each (logged, then corrected 99 times), written through the
/// Ledger's bulk append (hash chains, inline snapshots), so exports and rebuilds run over real claim events; the same
/// events go into the plain Marten schema under the same tenant through BulkInsertEventsAsync.
/// </summary>
public static class LargeStory
{
    public const int EventsPerClaim = 100;

    public static async Task<string> Create(Bench bench, BenchApp app, string slug, int events)
    {
        await FirstStart.OpenNewsroom(app.Services, slug, slug, CancellationToken.None);
        var ledger = app.Ledger;
        var story = Guid.CreateVersion7();
        var by = new EventMetadata("Bench Reporter <00000000-0000-0000-0000-000000000002>");
        await ledger.Append(slug, new StreamAppend(story, StoryEventTypes.StreamType, ExpectedVersion.NoStream,
            [new StoryOpened("Alberta and the US, at scale", "A story with many long-lived claims")], by));
        await bench.Plain.BulkInsertEventsAsync(slug, [StreamAction.Start(bench.PlainEvents, story,
            new StoryOpened("Alberta and the US, at scale", "A story with many long-lived claims"))]);
        var claims = events / EventsPerClaim;
        for (var start = 0; start < claims; start += 500)
        {
            var ids = Enumerable.Range(start, Math.Min(500, claims - start)).Select(c => (Claim: c, Id: Guid.CreateVersion7())).ToList();
            await ledger.BulkAppend(slug, [.. ids.Select(c => new StreamAppend(c.Id, ClaimEventTypes.StreamType, ExpectedVersion.NoStream, Events(story, c.Claim), by))]);
            await bench.Plain.BulkInsertEventsAsync(slug, [.. ids.Select(c => StreamAction.Start(bench.PlainEvents, c.Id, [.. Events(story, c.Claim)]))]);
        }
        return slug;
    }

    private static List<object> Events(Guid story, int claim)
    {
        var events = new List<object>(EventsPerClaim) { new ClaimLogged(story, $"Alberta produces about 84 percent of Canada's crude oil ({claim})", new DateTimeOffset(2026, 1, 29, 0, 0, 0, TimeSpan.Zero)) };
        for (var i = 1; i < EventsPerClaim; i++)
            events.Add(new ClaimTextCorrected($"Alberta produces about {84 + i % 2} percent of Canada's crude oil ({claim}/{i})", "Checked against the Canada Energy Regulator figures"));
        return events;
    }
}
