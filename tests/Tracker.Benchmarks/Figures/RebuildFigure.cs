using JasperFx.Events.Daemon;
using Marten;
using Tracker.Cli;

namespace Tracker.Benchmarks.Figures;

/// <summary>Rebuilding the story timeline from the first event with Marten's rebuild, against a raw read of the same rows in the same order.</summary>
public static class RebuildFigure
{
    public static async Task<Figure> Run(Bench bench)
    {
        var events = await bench.Count("select count(*) from tracker.mt_events");
        using var daemon = await bench.Store.Store.BuildProjectionDaemonAsync();
        Func<Task> ours = () => RebuildVerb.Run(daemon, bench.Store, "story_timeline");
        Func<Task> raw = async () =>
        {
            await using var cmd = bench.DataSource.CreateCommand(
                "select e.seq_id, e.id, e.tenant_id, e.stream_id, s.type, e.version, e.type, e.data::text, e.headers::text, e.\"timestamp\" " +
                "from tracker.mt_events e join tracker.mt_streams s on s.tenant_id = e.tenant_id and s.id = e.stream_id order by e.seq_id");
            cmd.CommandTimeout = 600;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { reader.GetString(7); reader.GetString(8); }
        };
        var postmaster = await ProcessCpu.Postmaster(bench.DataSource);
        var (oursCpu, rawCpu) = (new CpuTally(postmaster), new CpuTally(postmaster));
        // Whole rebuilds of each until the JIT is done, then three of each, alternately.
        var (oursTime, rawTime) = await Measure.MedianPair(3, oursCpu.Around(ours, events), rawCpu.Around(raw, events), warmUp: async () =>
        {
            await ours();
            await raw();
        });
        var oursRate = events / oursTime.TotalSeconds;
        var rawRate = events / rawTime.TotalSeconds;
        return new Figure($"Timeline rebuild of {events:N0} events", $"{oursRate:N0} ev/s", $"{rawRate:N0} ev/s", oursRate / rawRate, 0.3, Better.Higher,
            "Marten's rebuild of the story_timeline projection (tracker rebuild) vs one SELECT of the rows in seq_id order; medians of 3, timed alternately after whole rebuilds of each; " +
            $"CPU per event {oursCpu.AppMsPerOperation * 1000:0.0} µs in the app and {oursCpu.DatabaseMsPerOperation * 1000:0.0} µs in PostgreSQL, " +
            $"raw {rawCpu.AppMsPerOperation * 1000:0.0} and {rawCpu.DatabaseMsPerOperation * 1000:0.0} µs");
    }
}
