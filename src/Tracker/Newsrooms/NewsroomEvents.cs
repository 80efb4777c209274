using Tracker.EventStore;

namespace Tracker.Newsrooms;

/// <summary>A newsroom is the tenant: its slug keys every stream, event and read model it owns.</summary>
public sealed record NewsroomOpened(string Slug, string Name);

public static class NewsroomEventTypes
{
    public const string StreamType = "newsroom";

    public static void Register(EventTypeRegistry types) => types.Register<NewsroomOpened>("newsroom_opened");
}
