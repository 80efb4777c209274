using Tracker.Accounts;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Newsrooms;

namespace Tracker;

/// <summary>The one place that lists every feature slice: its events, its read models, its routes.</summary>
public static class Features
{
    public static void RegisterEvents(EventTypeRegistry types)
    {
        NewsroomEventTypes.Register(types);
        AccountEventTypes.Register(types);
    }

    public static void AddProjections(EventStoreOptions options)
    {
        options.InlineProjections.Add(new AccountsProjection(TrackerStore.Schema));
    }

    public static void MapRoutes(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        AccountEndpoints.Map(api);
    }
}
