using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Tracker.Commands;
using Tracker.EventStore.Embedded;
using Tracker.Hosting;

namespace Tracker.Benchmarks.Figures;

/// <summary>
/// A newsroom in a database of its own (issue 20, item 2): HTTP writes to a newsroom placed on a second PostgreSQL
/// cluster against writes to a newsroom in the main database, through one app, in alternating rounds; beside them what a
/// placed database costs a node (start-up time, connections held idle). Both clusters run on this one machine, so the
/// figure measures what the routing costs, not what a second server buys.
/// </summary>
public static class PlacedNewsroomFigure
{
    public const string Slug = "placed-desk";

    /// <summary>Writes to a placed newsroom keep at least this share of a main-database newsroom's rate.</summary>
    public const double Floor = 0.9;

    public static async Task<Figure> Run(Bench bench, Sizes sizes)
    {
        var folder = Directory.CreateTempSubdirectory("tracker-bench-placed-").FullName;
        try
        {
            // The second server, set up as an operator would: both roles made by its superuser.
            await using var second = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "postgres"));
            await DatabaseRoles.Ensure(second.ConnectionString);
            string[] placement =
            [
                $"--newsrooms:{Slug}:database={DatabaseRoles.As(second.ConnectionString, DatabaseRoles.App)}",
                $"--newsrooms:{Slug}:ownerDatabase={DatabaseRoles.As(second.ConnectionString, DatabaseRoles.Owner)}",
            ];

            var app = await BenchApp.Start(bench, placement);
            await FirstStart.OpenNewsroom(app.Services, Slug, "Placed desk", CancellationToken.None);
            var main = await Desk(app, await app.Newsroom());
            var placed = await Desk(app, Slug);
            await app.Quiet();
            var (mainLatencies, placedLatencies) = (new ConcurrentBag<double>(), new ConcurrentBag<double>());
            double[] rates;
            await using (await app.PauseDaemon())
            {
                rates = await Measure.AlternatingRates(SingleAppends.Rounds, sizes.AppendDuration * 2, [
                    duration => HttpWrites.Load(main.Client, HttpWrites.Ours, main.Story, main.Source, duration, mainLatencies),
                    duration => HttpWrites.Load(placed.Client, HttpWrites.Ours, placed.Story, placed.Source, duration, placedLatencies),
                ], warmedUp: () =>
                {
                    mainLatencies.Clear();
                    placedLatencies.Clear();
                });
            }
            await app.Quiet();
            var onSecond = await Connections(second.ConnectionString);
            await app.DisposeAsync();
            // After the load, with the measured app stopped: the start-ups are timed on a quiet database.
            var (startMain, startPlaced) = await StartTimes(bench, placement);
            var (mainRate, placedRate) = (rates[0], rates[1]);
            return new Figure("HTTP writes, newsroom in its own database", $"{placedRate:N0} req/s", "—", $"{mainRate:N0} req/s",
                placedRate / mainRate, Floor, Better.Higher,
                $"the HTTP writes' three requests, {HttpWrites.Clients} clients, to a newsroom placed on a second PostgreSQL cluster (same machine) " +
                $"vs a newsroom in the main database, through one app, {SingleAppends.Rounds} alternating rounds, the daemon paused; " +
                $"placed {Latency(placedLatencies)}, main {Latency(mainLatencies)}; the raw column is the main-database newsroom's rate. " +
                $"App start to serving: {startMain.TotalSeconds:0.00} s without a placed newsroom, {startPlaced.TotalSeconds:0.00} s with one (medians of 3); " +
                $"connections the node holds on the placed cluster after the run: {onSecond}");
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed record DeskWork(HttpClient Client, Guid Story, Guid Source);

    private static async Task<DeskWork> Desk(BenchApp app, string newsroom)
    {
        var client = await app.ClientOf(newsroom, Role.Factchecker);
        var story = await HttpWrites.Post<JsonElement>(client, "/api/stories", new { title = "Bench story", summary = "HTTP write load" });
        var source = await HttpWrites.Post<JsonElement>(client, "/api/sources", new { kind = "article", name = "Financial Times report", outlet = "Financial Times" });
        return new DeskWork(client, story.GetProperty("id").GetGuid(), source.GetProperty("id").GetGuid());
    }

    /// <summary>Medians of three starts each, alternating: the app as configured for the run, and with the placement too.</summary>
    private static async Task<(TimeSpan Main, TimeSpan Placed)> StartTimes(Bench bench, string[] placement)
    {
        var (main, placed) = (new List<TimeSpan>(), new List<TimeSpan>());
        for (var i = 0; i < 3; i++)
        {
            main.Add(await TimeStart(bench, []));
            placed.Add(await TimeStart(bench, placement));
        }
        return (main.Order().ElementAt(1), placed.Order().ElementAt(1));
    }

    private static async Task<TimeSpan> TimeStart(Bench bench, string[] settings)
    {
        var watch = Stopwatch.StartNew();
        var app = await BenchApp.Start(bench, settings);
        var elapsed = watch.Elapsed;
        await app.DisposeAsync();
        return elapsed;
    }

    private static async Task<long> Connections(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()", conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static string Latency(ConcurrentBag<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        return $"p50 {Measure.Percentile(sorted, 50):0.0} ms, p99 {Measure.Percentile(sorted, 99):0.0} ms";
    }
}
