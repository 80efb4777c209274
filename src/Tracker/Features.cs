using JasperFx.Events.Projections;
using Marten;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Corrections;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Newsrooms;
using Tracker.Replay;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Store;
using Tracker.Verdicts;

namespace Tracker;

/// <summary>The one place that lists every feature slice: its events, its read models, its routes.</summary>
public static class Features
{
    public static void RegisterEvents(EventTypeRegistry types)
    {
        NewsroomEventTypes.Register(types);
        AccountEventTypes.Register(types);
        StoryEventTypes.Register(types);
        SourceEventTypes.Register(types);
        ClaimEventTypes.Register(types);
        VerdictEventTypes.Register(types);
    }

    /// <summary>
    /// Inline snapshots of claims, stories, sources and accounts (each from its own events only), the accounts tables inline, and
    /// the async read models in Marten's daemon.
    /// </summary>
    public static void AddProjections(StoreOptions opts, IEnumerable<ISqlProjection> asyncProjections)
    {
        opts.Projections.Add(new SnapshotProjection<Claim>("claim_snapshot", EventsOf(ClaimEventTypes.Register, VerdictEventTypes.Register)), ProjectionLifecycle.Inline);
        opts.Projections.Add(new SnapshotProjection<Story>("story_snapshot", EventsOf(StoryEventTypes.Register)), ProjectionLifecycle.Inline);
        opts.Projections.Add(new SnapshotProjection<Source>("source_snapshot", EventsOf(SourceEventTypes.Register)), ProjectionLifecycle.Inline);
        opts.Projections.Add(new SnapshotProjection<Account>("account_snapshot", EventsOf(r => { AccountEventTypes.Register(r); return r; })), ProjectionLifecycle.Inline);
        opts.Schema.For<Aggregate<Account>>().DocumentAlias("account");
        opts.Schema.For<Aggregate<Claim>>().DocumentAlias("claim").Index(x => x.State.StoryId);
        opts.Schema.For<Aggregate<Story>>().DocumentAlias("story");
        opts.Schema.For<Aggregate<Source>>().DocumentAlias("source");
        opts.Projections.Add(new AccountsProjection(TrackerStore.Schema), ProjectionLifecycle.Inline, AccountsProjection.ProjectionName);
        foreach (var projection in asyncProjections)
            opts.Projections.Add(new MartenSqlProjection(projection), ProjectionLifecycle.Async, projection.Name, async =>
            {
                foreach (var table in projection.Tables) async.DeleteDataInTableOnTeardown(table);
                // Pages of 5,000 events rather than Marten's 500: a rebuild of 60,000 events went from 12,600 to 30,800
                // ev/s (one of 1.6 million did not change, docs/benchmarks.md). A live daemon's pages are as small as what
                // was appended since the last one, so lag is unchanged.
                async.BatchSize = 5_000;
                async.MaximumHopperSize = 20_000;
            });
    }

    /// <summary>The read models Marten's async daemon keeps, by the names `tracker rebuild` takes.</summary>
    public static IReadOnlyList<ISqlProjection> AsyncProjections() => [new StoryTimelineProjection(), new CorrectionsProjection(), new Search.ClaimSearchProjection(), new ReplayMilestones()];

    /// <summary>The tables Tracker writes itself (accounts, idempotency, async read models), created at start-up.</summary>
    public static IEnumerable<string> OwnTables(IEnumerable<ISqlProjection> asyncProjections) =>
        new AccountsProjection(TrackerStore.Schema).Schema()
            .Append(Http.Idempotency.Ddl)
            .Append(Hosting.DatabaseKeyRing.Ddl)
            .Append(Audit.Checkpoints.CheckpointTable.Ddl)
            .Append(Publishing.DeliveryLog.Ddl)
            .Append(Newsrooms.Placement.NewsroomPlacement.Ddl)
            .Concat(asyncProjections.SelectMany(p => p.Schema()));

    private static IEnumerable<Type> EventsOf(params Func<EventTypeRegistry, EventTypeRegistry>[] registrations)
    {
        var registry = new EventTypeRegistry();
        foreach (var register in registrations) register(registry);
        return registry.All.Select(a => a.Type);
    }

    public static void MapRoutes(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        AccountEndpoints.Map(api);
        StoryEndpoints.Map(api);
        SourceEndpoints.Map(api);
        ClaimEndpoints.Map(api);
        TimelineEndpoints.Map(api);
        DiffEndpoints.Map(api);
        CorrectionsEndpoints.Map(api);
        Exports.ExportEndpoints.Map(api);
        Audit.AuditEndpoints.Map(api);
        Queue.SignOffQueue.Map(api);
        Queue.SentBack.Map(api);
        ClaimList.Map(api);
        Search.SimilarClaims.Map(api);
        Publishing.PublishingEndpoints.Map(api);
        Web.Workbench.Map(app);
    }
}
