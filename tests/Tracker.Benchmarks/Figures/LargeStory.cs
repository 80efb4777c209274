using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Stories;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// A newsroom holding one story with claims of 100 events each (logged, then corrected 99 times), imported
/// through the store's bulk append, so exports and rebuilds run over real claim events.
/// </summary>
public static class LargeStory
{
    public const int EventsPerClaim = 100;

    public static async Task<string> Create(Bench bench, IServiceProvider app, string slug, int events, IProgress<long>? progress = null)
    {
        await FirstStart.OpenNewsroom(app, slug, slug, CancellationToken.None);
        var story = Guid.CreateVersion7();
        var by = new EventMetadata("Bench Reporter <00000000-0000-0000-0000-000000000002>");
        await bench.Store.Append(slug, new StreamAppend(story, StoryEventTypes.StreamType, ExpectedVersion.NoStream,
            [new StoryOpened("Alberta and the US, at scale", "A story with many long-lived claims")], by));
        long written = 1;
        var claims = events / EventsPerClaim;
        for (var start = 0; start < claims; start += 500)
        {
            var batch = Enumerable.Range(start, Math.Min(500, claims - start)).Select(c => new StreamAppend(Guid.CreateVersion7(), ClaimEventTypes.StreamType,
                ExpectedVersion.NoStream, Events(story, c), by)).ToList();
            written += await bench.Store.BulkAppend(slug, batch);
            progress?.Report(written);
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
