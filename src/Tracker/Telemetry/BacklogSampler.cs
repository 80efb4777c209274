using System.Diagnostics.Metrics;
using Tracker.Store;
using Wolverine.Persistence.Durability;

namespace Tracker.Telemetry;

/// <summary>
/// The backlog gauges of /metrics: each async projection's pending events and lag, and Wolverine's message store (the
/// publishing outbox waiting, retries scheduled, dead letters). Read from the database every few seconds rather than
/// at scrape time, so a scrape never waits on PostgreSQL and a down database only leaves the last figures standing.
/// </summary>
public sealed class BacklogSampler : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly Ledger ledger;
    private readonly IMessageStore messages;
    private readonly ILogger<BacklogSampler> log;
    private readonly Meter meter = new(TrackerMetrics.MeterName);
    private volatile Sample latest = Sample.None;

    public BacklogSampler(Ledger ledger, IMessageStore messages, ILogger<BacklogSampler> log)
    {
        (this.ledger, this.messages, this.log) = (ledger, messages, log);
        Observe();
    }

    public sealed record Sample(IReadOnlyList<ProjectionLag> Projections, long Outgoing, long Incoming, long Scheduled, long DeadLetters)
    {
        public static readonly Sample None = new([], 0, 0, 0, 0);
    }

    public Sample Latest => latest;

    private void Observe()
    {
        meter.CreateObservableGauge("tracker.projection.pending", () => Latest.Projections.Select(p =>
                new Measurement<long>(p.PendingEvents, new KeyValuePair<string, object?>("projection", p.Name))),
            "{event}", "Events committed that an async projection has not applied yet.");
        meter.CreateObservableGauge("tracker.projection.lag", () => Latest.Projections.Select(p =>
                new Measurement<double>(p.OldestPendingAge is { } age ? Math.Max(0, age.TotalSeconds) : 0,
                    new KeyValuePair<string, object?>("projection", p.Name))),
            "s", "How long the oldest event an async projection has not applied has waited.");
        meter.CreateObservableGauge("tracker.outbox.depth", () => new[]
            {
                new Measurement<long>(Latest.Outgoing, new KeyValuePair<string, object?>("state", "outgoing")),
                new Measurement<long>(Latest.Incoming, new KeyValuePair<string, object?>("state", "incoming")),
                new Measurement<long>(Latest.Scheduled, new KeyValuePair<string, object?>("state", "scheduled")),
            },
            "{message}", "Durable messages not yet handled (publishing deliveries among them), by state; scheduled ones wait for a retry.");
        meter.CreateObservableGauge("tracker.outbox.dead_letters", () => Latest.DeadLetters,
            "{message}", "Messages that gave up after every retry (admins see their newsroom's at /api/publishing).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var counts = await messages.Admin.FetchCountsAsync();
                // A newsroom database that is down leaves the others' figures standing (it is noted by /health).
                latest = new Sample(await ledger.ProjectionLag(stoppingToken, unreachable: []), counts.Outgoing, counts.Incoming, counts.Scheduled, counts.DeadLetter);
                if (failing) log.LogInformation("Backlog figures for /metrics are read again");
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never stops the app (a background service's exception would). One line when the database goes away, not one every few seconds; the health endpoint says the rest.
                if (!failing) log.LogWarning("Backlog figures for /metrics cannot be read: {Reason}", e.Message);
                failing = true;
            }
            try { await Task.Delay(Every, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
