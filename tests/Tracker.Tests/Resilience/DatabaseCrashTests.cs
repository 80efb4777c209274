using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Store;
using Tracker.Testing;
using Tracker.Tests.Support;
using Xunit.Abstractions;

namespace Tracker.Tests.Resilience;

/// <summary>
/// The database crashes (pg_ctl stop -m immediate) in the middle of a write load and comes back a couple of
/// seconds later. The app must not lose an acknowledged write, must not duplicate a retried one, must answer
/// 503 with Retry-After while the database is gone, and must serve again and project again without a restart.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class DatabaseCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Desks = 6;
    // A crash may make the daemon deliver a batch again; the counter absorbs that as real projections do.
    private readonly SeenEvents counting = new("resilience_seen", absorbRedelivery: true);
    private PrivateCluster cluster = null!;
    private TrackerAppFactory app = null!;

    public async Task InitializeAsync()
    {
        cluster = await PrivateCluster.Start();
        app = new TrackerAppFactory
        {
            Database = () => Task.FromResult(cluster.ConnectionString),
            // One more async projection for Marten's daemon: it counts what the daemon projects.
            TestServices = services => services.AddSingleton<ISqlProjection>(counting),
        };
        await app.InitializeAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_crash_mid_load_loses_no_acknowledged_write_duplicates_no_retry_and_answers_503_meanwhile()
    {
        var (desk, account) = await app.As(Role.Factchecker);
        var clients = Enumerable.Range(0, Desks).Select(_ => app.Client(account.Token)).ToArray();
        foreach (var client in clients) client.Timeout = TimeSpan.FromSeconds(15);
        var load = await WriteLoad.InNewStory(desk);
        using var stop = new CancellationTokenSource();
        var running = load.Run(Desks, (d, _) => clients[d], stop.Token, DateTime.UtcNow.AddSeconds(75));

        await Eventually.Until(() => Task.FromResult(load.Acks.Count >= 20 || running.IsCompleted), TimeSpan.FromSeconds(20), "the load is under way");
        await cluster.Server.StopImmediateAsync();
        var crashed = DateTime.UtcNow;

        // While the database is gone: 503, Retry-After, a problem document. Never a 500.
        await ShouldBeUnavailable(await desk.GetAsync("/api/stories"));
        await ShouldBeUnavailable(await desk.PostAsync("/api/stories", Json(new { title = "During the outage", summary = "s" })));
        await ShouldBeUnavailable(await desk.GetAsync($"/api/claims/{Guid.NewGuid()}"));
        var health = await desk.GetAsync("/health");
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        health.Headers.RetryAfter.ShouldNotBeNull();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Server.RestartAsync();
        var restarted = DateTime.UtcNow;
        // A desk stops at an answer other than 503, so the load may end early: the checks below then say why.
        await Eventually.Until(() => Task.FromResult(load.Acks.Count(a => a.At > restarted) >= 20 || running.IsCompleted), TimeSpan.FromSeconds(30),
            "writes are acknowledged again after the restart");
        await stop.CancelAsync();
        await running;

        var refusals = load.Refusals.ToList();
        output.WriteLine($"{load.Acks.Count} writes acknowledged, {refusals.Count} refused (503) and retried, outage {(restarted - crashed).TotalSeconds:0.0} s");
        await StoredWrites.ShouldHoldEachAcknowledgedWriteExactlyOnce(cluster.ConnectionString, load);
        var wrong = refusals.Where(r => r.Status != 503 || r.RetryAfter is null || r.ContentType != "application/problem+json")
            .Select(r => $"{r.Key}: {r.Status} {r.ContentType} Retry-After={r.RetryAfter} {r.Body}").ToList();
        wrong.Take(10).ShouldBeEmpty($"{wrong.Count} answers other than 503 with Retry-After and a problem document");
        refusals.Count(r => r.At >= crashed && r.At <= restarted).ShouldBeGreaterThan(0, "the load ran into the outage");
        load.Acks.Count(a => a.At > restarted).ShouldBeGreaterThanOrEqualTo(20, "the app serves again without a restart");

        // The daemon lost its sessions with the crash; it must take its projections up again and catch up, each event once.
        await using var db = NpgsqlDataSource.Create(cluster.ConnectionString);
        var events = await Scalar(db, "select count(*) from tracker.mt_events where type <> 'tombstone'");
        await Eventually.Until(async () => await Scalar(db, $"select count(*) from {counting.Table}") >= events
                && (await app.Store.ProjectionLag()).All(l => l.PendingEvents == 0),
            TimeSpan.FromSeconds(30), "the async projections catch up after the crash",
            () => Lag().GetAwaiter().GetResult());
        (await Scalar(db, $"select count(*) from {counting.Table}")).ShouldBe(events, "every event projected, none lost, none recorded twice");
        (await Scalar(db, $"select count(distinct event_id) from {counting.Table}")).ShouldBe(events);
    }

    private async Task<string> Lag()
    {
        try { return string.Join(", ", (await app.Store.ProjectionLag()).Select(l => $"{l.Name}: {l.PendingEvents} pending")); }
        catch (NpgsqlException e) { return e.Message; }
    }

    private static async Task ShouldBeUnavailable(HttpResponseMessage response)
    {
        await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, rule: "database_unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull("503 says when to come back");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await cluster.DisposeAsync();
    }
}
