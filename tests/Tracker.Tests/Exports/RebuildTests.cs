using Npgsql;
using Tracker.Cli;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Tests.Exports;

/// <summary>tracker rebuild: an async projection is cleared and replayed from the first event; an unknown name says which exist.</summary>
[Collection(ExportCollection.Name)]
public sealed class RebuildTests(ExportDesk desk)
{
    [Fact]
    public async Task Rebuilding_replays_every_event_into_the_projection_from_scratch()
    {
        var options = TrackerStore.Options();
        var seen = new EventCounter();
        options.AsyncProjections.Add(seen);
        var store = new PostgresEventStore(desk.App.Store.DataSource, options, TimeProvider.System);
        var events = await desk.App.EventCount();

        var projection = RebuildVerb.Find(options, "event_counter").ShouldNotBeNull();
        (await RebuildVerb.Run(store, projection, (runner, waiting) => { waiting.ShouldBe(events); return UntilCaughtUp(store, runner); })).ShouldBe(events);
        (await RebuildVerb.Run(store, projection, (runner, _) => UntilCaughtUp(store, runner))).ShouldBe(events);
        seen.Count.ShouldBe(events, "the second rebuild started again from nothing");
    }

    /// <summary>
    /// A catch-up stops before any event whose transaction was still open when it looked (the app's own daemon
    /// may hold one for a moment), so keep going until nothing is pending.
    /// </summary>
    private static async Task<long> UntilCaughtUp(PostgresEventStore store, ProjectionRunner runner)
    {
        long total = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do total += await runner.CatchUp();
        while ((await store.ProjectionLag()).Single(l => l.Name == runner.Projection.Name).PendingEvents > 0 && DateTime.UtcNow < deadline);
        return total;
    }

    [Fact]
    public void An_unknown_projection_is_refused_naming_the_ones_there_are()
    {
        var options = new EventStoreOptions();
        RebuildVerb.Unknown(options, "timeline").ShouldContain("no async projections are registered");
        options.AsyncProjections.Add(new EventCounter());

        RebuildVerb.Find(options, "timeline").ShouldBeNull();
        RebuildVerb.Unknown(options, "timeline").ShouldBe("No projection 'timeline'. Projections: event_counter.");
    }

    private sealed class EventCounter : IAsyncProjection
    {
        public long Count { get; private set; }

        public string Name => "event_counter";

        public Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;

        public Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
        {
            Count += batch.Events.Count;
            return Task.CompletedTask;
        }

        public Task Reset(NpgsqlConnection conn, CancellationToken ct)
        {
            Count = 0;
            return Task.CompletedTask;
        }
    }
}
