using System.Diagnostics;
using System.Globalization;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// events.ndjson of a newsroom: its rate from the export writer the API and CLI share, writing a file, against
/// PostgreSQL's own COPY (SELECT ...) TO STDOUT of the same rows and columns; its peak memory from
/// `tracker export events` run in a process of its own, at two sizes.
/// </summary>
public static class ExportFigure
{
    public static async Task<Figure> Run(Bench bench, string small, int smallEvents, string large, int largeEvents)
    {
        var (_, smallPeak) = await Export(bench, small);
        var (cliTime, largePeak) = await Export(bench, large);
        var file = Path.Combine(Path.GetTempPath(), "tracker-bench-export.ndjson");
        Func<string, Task> ours = async newsroom =>
        {
            await using var output = File.Create(file);
            await Tracker.Exports.EventsNdjson.Write(bench.DataSource, new Tracker.Exports.ExportFilter(newsroom), output);
        };
        // Plain Marten: the tenant's events streamed through Marten's own query in sequence order, one JSON line each.
        Func<string, Task> plain = async newsroom =>
        {
            await using var output = File.Create(file);
            await using var session = bench.Plain.QuerySession(newsroom);
            var json = Tracker.EventStore.StoreJson.Options;
            var newline = new byte[] { (byte)'\n' };
            await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence), CancellationToken.None))
            {
                await System.Text.Json.JsonSerializer.SerializeAsync(output, new PlainLine(e.Sequence, e.TenantId, e.StreamId, e.Version, e.Id, e.EventTypeName, e.Timestamp, e.Data), json);
                await output.WriteAsync(newline);
            }
        };
        // Exports of the small newsroom, each side, until the JIT is done with all (a single cold run measured the JIT).
        var times = await Measure.Medians(3, [() => ours(large), () => plain(large), () => CopyOut(bench, large)], warmUp: async () =>
        {
            await ours(small);
            await plain(small);
            await CopyOut(bench, small);
        });
        File.Delete(file);
        var (oursRate, plainRate, rawRate) = (largeEvents / times[0].TotalSeconds, largeEvents / times[1].TotalSeconds, largeEvents / times[2].TotalSeconds);
        return new Figure($"Export of {largeEvents:N0} events (events.ndjson)", $"{oursRate:N0} ev/s", $"{plainRate:N0} ev/s", $"{rawRate:N0} ev/s", oursRate / rawRate, 0.5, Better.Higher,
            $"EventsNdjson.Write to a file vs Marten's QueryAllRawEvents streamed to JSON lines (plain schema, same events) vs COPY (SELECT ...) TO STDOUT; " +
            $"timed in turn, medians of 3 after exports of {smallEvents:N0} events until the JIT is done; peak memory {smallPeak / 1024.0 / 1024:0} MiB at {smallEvents:N0} events, {largePeak / 1024.0 / 1024:0} MiB at {largeEvents:N0} (whole `tracker export` process, VmHWM; " +
            $"{cliTime.TotalSeconds:0.0} s for the CLI including its start)")
        { PlainRatio = oursRate / plainRate, PlainVsRaw = plainRate / rawRate };
    }

    private sealed record PlainLine(long Seq, string TenantId, Guid StreamId, long Version, Guid Id, string Type, DateTimeOffset RecordedAt, object Data);

    /// <summary>Runs the CLI export to a temp file; returns its wall time and the process's peak resident memory.</summary>
    private static async Task<(TimeSpan Time, long PeakBytes)> Export(Bench bench, string newsroom)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tracker-bench-{newsroom}.ndjson");
        var start = new ProcessStartInfo("dotnet", [AppPath(), "export", "events", "--out", file, "--newsroom", newsroom])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Tracker"] = bench.ConnectionString;
        start.Environment["TRACKER_DATA"] = Path.Combine(Path.GetTempPath(), "tracker-bench-cli");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResident(process.Id));
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        var output = await drain;
        if (process.ExitCode != 0) throw new InvalidOperationException($"export failed: {string.Join('\n', output)}");
        File.Delete(file);
        return (watch.Elapsed, peak);
    }

    private static async Task CopyOut(Bench bench, string newsroom)
    {
        await using var conn = await bench.DataSource.OpenConnectionAsync();
        await using var copy = await conn.BeginRawBinaryCopyAsync(
            $"copy (select e.seq_id, {Tracker.Store.LinkRows.Columns} from tracker.mt_events e where e.tenant_id = '{newsroom}' and {Tracker.Store.LinkRows.NotTombstone} order by e.seq_id) to stdout (format binary)");
        await copy.CopyToAsync(Stream.Null);
    }

    /// <summary>VmHWM: the most resident memory the process has had so far.</summary>
    private static long PeakResident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>The app as built beside this program (the benchmark references it, so it is built first).</summary>
    public static string AppPath()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = new DirectoryInfo(here).Parent!.Name;
        var path = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "..", "src", "Tracker", "bin", configuration, "net10.0", "tracker.dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Tracker first.", path);
    }
}
