using Tracker.Cli;

namespace Tracker.Tests.Exports;

/// <summary>tracker rebuild refuses a name it does not know, naming the projections it does (before any database starts).</summary>
public sealed class RebuildVerbTests
{
    [Fact]
    public void An_unknown_projection_is_refused_naming_the_ones_there_are()
    {
        RebuildVerb.Find("timeline").ShouldBeNull();
        RebuildVerb.Find("story_timeline").ShouldNotBeNull();
        RebuildVerb.Unknown("timeline").ShouldBe("No projection 'timeline'. Projections: story_timeline, corrections, claim_search, replay_milestones.");
    }
}
