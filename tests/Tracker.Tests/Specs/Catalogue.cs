using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.Tests.Specs;

/// <summary>Every domain event under its stored alias, as the application registers them.</summary>
public static class Catalogue
{
    public static readonly EventTypeRegistry Registry = Build();

    private static EventTypeRegistry Build()
    {
        var registry = new EventTypeRegistry();
        StoryEventTypes.Register(registry);
        SourceEventTypes.Register(registry);
        ClaimEventTypes.Register(registry);
        VerdictEventTypes.Register(registry);
        return registry;
    }

    public static IReadOnlyList<string> AsStored(IEnumerable<object> events) =>
        [.. events.Select(e => $"{Registry.AliasFor(e.GetType())} {Registry.Serialize(e)}")];

    public static void ShouldBeEvents(this IEnumerable<object> actual, params object[] expected) =>
        AsStored(actual).ShouldBe(AsStored(expected));
}
