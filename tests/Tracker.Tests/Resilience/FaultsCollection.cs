namespace Tracker.Tests.Resilience;

/// <summary>
/// Tests that crash a database or kill app processes, and time what follows. They run alone, after the rest of the
/// suite, so that neither their load slows other tests nor other tests' load blurs their timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "Faults";
}
