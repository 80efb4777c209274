using Marten;
using Tracker.Cli;
using Tracker.Hosting;
using Tracker.Replay;
using Tracker.Store;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// Rebuilding the story timeline from the first event as `tracker rebuild story_timeline` does (Marten's daemon
/// rebuild of our projection) against plain Marten's rebuild of a projection storing one document per claim event
/// (same events, plain schema), and a raw read of the rows in sequence order.
/// </summary>
public static class RebuildFigure
{
    public static async Task<Figure> Run(Bench bench)
    {
        var projections = Features.AsyncProjections();
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, bench.DataSource, bench.Types, projections);
        opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.Solo;
        using var store = new DocumentStore(opts);
        var ledger = new Ledger(store, bench.DataSource, bench.Types, TimeProvider.System, projections, []);
        using var daemon = await store.BuildProjectionDaemonAsync();
        using var plainDaemon = await bench.Plain.BuildProjectionDaemonAsync();
        var events = await bench.Count($"select count(*) from {TrackerStore.Schema}.mt_events where type <> 'tombstone'");
        var plainEvents = await bench.Count($"select count(*) from {Bench.PlainSchema}.mt_events where type <> 'tombstone'");
        Func<Task> ours = () => RebuildVerb.Run(daemon, ledger, StoryTimelineProjection.ProjectionName);
        Func<Task> plain = () => plainDaemon.RebuildProjectionAsync(PlainTimeline.ProjectionName, TimeSpan.FromMinutes(30), CancellationToken.None);
        Func<Task> raw = async () =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                $"select seq_id, id, tenant_id, stream_id, version, type, data::text, headers::text, \"timestamp\" from {TrackerStore.Schema}.mt_events order by seq_id");
            cmd.CommandTimeout = 600;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { reader.GetString(6); reader.GetString(7); }
        };
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, plainCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster), new CpuTally(postmaster));
        // A whole rebuild of each until the JIT is done, then three of each, in turn.
        var times = await Measure.Medians(3, [oursCpu.Around(ours, events), plainCpu.Around(plain, plainEvents), rawCpu.Around(raw, events)],
            warmUp: async () =>
            {
                await ours();
                await plain();
                await raw();
            });
        var (oursRate, plainRate, rawRate) = (events / times[0].TotalSeconds, plainEvents / times[1].TotalSeconds, events / times[2].TotalSeconds);
        return new Figure($"Timeline rebuild of {events:N0} events", $"{oursRate:N0} ev/s", $"{plainRate:N0} ev/s", $"{rawRate:N0} ev/s", oursRate / rawRate, 0.3, Better.Higher,
            "Marten's rebuild of story_timeline (RebuildVerb.Run) vs Marten's rebuild of a plain projection storing a document per claim event " +
            $"({plainEvents:N0} events in the plain schema) vs one SELECT of the rows in sequence order; medians of 3, timed in turn after a whole rebuild of each until the JIT is done; " +
            $"CPU per event in the app / PostgreSQL: ours {oursCpu.AppMsPerOperation * 1000:0.0} / {oursCpu.DatabaseMsPerOperation * 1000:0.0} µs, " +
            $"Marten {plainCpu.AppMsPerOperation * 1000:0.0} / {plainCpu.DatabaseMsPerOperation * 1000:0.0} µs, raw {rawCpu.AppMsPerOperation * 1000:0.0} / {rawCpu.DatabaseMsPerOperation * 1000:0.0} µs")
        { PlainRatio = oursRate / plainRate, PlainVsRaw = plainRate / rawRate };
    }
}
