using Tracker.EventStore.Embedded;

namespace Tracker.EventStore.Tests.Support;

/// <summary>A fact about what happens when Tracker runs as root; skipped for ordinary users.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!ServerUser.CurrentIsRoot)
        {
            Skip = "Only meaningful when the tests run as root.";
        }
    }
}
