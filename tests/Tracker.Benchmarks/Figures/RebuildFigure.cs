using Tracker.EventStore;

namespace Tracker.Benchmarks.Figures;

/// <summary>Rebuilding the story timeline from the first event, against a raw read of the same rows in the same order.</summary>
public static class RebuildFigure
{
    public static async Task<Figure> Run(Bench bench)
    {
        var timeline = bench.Options.AsyncProjections.Single(p => p.Name == "story_timeline");
        var events = await bench.Count("select count(*) from tracker.events");
        var runner = new ProjectionRunner(bench.Store, timeline);
        Func<Task> ours = async () =>
        {
            await runner.Reset();
            await runner.CatchUp();
        };
        Func<Task> raw = async () =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                "select e.seq_id, e.id, e.tenant_id, e.stream_id, s.type, e.version, e.type, e.data::text, e.metadata::text, e.\"timestamp\", e.is_archived, e.tx_id " +
                "from tracker.events e join tracker.streams s on s.tenant_id = e.tenant_id and s.id = e.stream_id order by e.tx_id, e.seq_id");
            cmd.CommandTimeout = 600;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { reader.GetString(7); reader.GetString(8); }
        };
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster));
        // Whole rebuilds of each until the JIT is done (run alone, the first spent a third of the app's CPU compiling), then three of each, alternately.
        var (oursTime, rawTime) = await Measure.MedianPair(3, oursCpu.Around(ours, events), rawCpu.Around(raw, events), warmUp: async () =>
        {
            await ours();
            await raw();
        });
        var oursRate = events / oursTime.TotalSeconds;
        var rawRate = events / rawTime.TotalSeconds;
        return new Figure($"Timeline rebuild of {events:N0} events", $"{oursRate:N0} ev/s", $"{rawRate:N0} ev/s", oursRate / rawRate, 0.3, Better.Higher,
            "reset, then replay every event through the story_timeline projection vs one SELECT of the rows in (tx_id, seq_id) order; medians of 3, timed alternately after whole rebuilds of each until the JIT is done; " +
            $"CPU per event {oursCpu.AppMsPerOperation * 1000:0.0} µs in the app and {oursCpu.DatabaseMsPerOperation * 1000:0.0} µs in PostgreSQL, " +
            $"raw {rawCpu.AppMsPerOperation * 1000:0.0} and {rawCpu.DatabaseMsPerOperation * 1000:0.0} µs");
    }
}
