namespace Tracker.Tests.Support;

/// <summary>The system clock, moved forward on demand; timers stay real, so the app's background work keeps running.</summary>
public sealed class MovableClock : TimeProvider
{
    private TimeSpan ahead;

    public void Advance(TimeSpan by) => ahead += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
}
