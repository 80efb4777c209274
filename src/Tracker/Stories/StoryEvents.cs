using Tracker.EventStore;

namespace Tracker.Stories;

public sealed record StoryOpened(string Title, string Summary);

public sealed record StoryRetitled(string Title);

public sealed record StorySummaryRevised(string Summary);

public sealed record StoryClosed(string? Note);

public sealed record StoryReopened;

public static class StoryEventTypes
{
    public const string StreamType = "story";

    public static EventTypeRegistry Register(EventTypeRegistry registry) => registry
        .Register<StoryOpened>("story_opened")
        .Register<StoryRetitled>("story_retitled")
        .Register<StorySummaryRevised>("story_summary_revised")
        .Register<StoryClosed>("story_closed")
        .Register<StoryReopened>("story_reopened");
}
