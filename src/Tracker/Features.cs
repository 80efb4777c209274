using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Corrections;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Newsrooms;
using Tracker.Replay;
using Tracker.Sources;
using Tracker.Stories;
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

    public static void AddProjections(EventStoreOptions options)
    {
        options.InlineProjections.Add(new AccountsProjection(TrackerStore.Schema));
        options.InlineProjections.Add(ReadModels.Claims);
        options.InlineProjections.Add(ReadModels.Stories);
        options.InlineProjections.Add(ReadModels.Sources);
        options.InlineProjections.Add(new ReadModels.Indexes());
        options.AsyncProjections.Add(new StoryTimelineProjection());
        options.AsyncProjections.Add(new CorrectionsProjection());
    }

    public static void MapRoutes(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        AccountEndpoints.Map(api);
        StoryEndpoints.Map(api);
        SourceEndpoints.Map(api);
        ClaimEndpoints.Map(api);
        VerdictEndpoints.Map(api);
        TimelineEndpoints.Map(api);
        DiffEndpoints.Map(api);
        CorrectionsEndpoints.Map(api);
        Exports.ExportEndpoints.Map(api);
        Audit.AuditEndpoints.Map(api);
        Web.Workbench.Map(app);
    }
}
