using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Tests.Specs;

/// <summary>An event given to a spec with who recorded it and when, for tests where that shows in the state.</summary>
public sealed record Recorded(object Data, Actor? By = null, DateTimeOffset? At = null);

/// <summary>
/// Given events, when a decision, then events or a rejection: decide and evolve tested without a database.
/// Given folds the events through <c>Evolve</c> as the store would hand them over, one minute apart, ending before <see cref="Now"/>.
/// </summary>
public abstract class Spec<TState> where TState : IEvolvingState<TState>
{
    /// <summary>The aggregator's "as of" date for the seed story.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 2, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The stream the given events belong to.</summary>
    protected Guid StreamId { get; } = Guid.NewGuid();

    protected Scenario<TState> Given(params object[] events)
    {
        var state = TState.Initial;
        for (var i = 0; i < events.Length; i++)
            state = TState.Evolve(state, Store(events[i], i + 1, Now.AddMinutes(i - events.Length)));
        return new(state);
    }

    protected static Recorded By(Actor actor, object @event, DateTimeOffset? at = null) => new(@event, actor, at);

    private StoredEvent Store(object given, int version, DateTimeOffset defaultAt)
    {
        var recorded = given as Recorded ?? new Recorded(given);
        var data = recorded.Data;
        return new(
            Sequence: version,
            Id: Guid.NewGuid(),
            Tenant: Newsroom.Name,
            StreamId: StreamId,
            StreamType: typeof(TState).Name.ToLowerInvariant(),
            Version: version,
            Type: Catalogue.Registry.AliasFor(data.GetType()),
            Data: data,
            Metadata: new EventMetadata(Actor: (recorded.By ?? Newsroom.Rosa).Label),
            RecordedAt: recorded.At ?? defaultAt,
            PrevHash: "",
            Hash: "");
    }
}

public sealed class Scenario<TState>(TState state)
{
    /// <summary>The state the given events fold to: what evolve tests assert on.</summary>
    public TState State => state;

    public Outcome When(Func<TState, Decision> decide) => new(decide(state));
}

public sealed class Outcome(Decision decision)
{
    public Decision Decision => decision;

    /// <summary>Compares events as they would be stored: alias and JSON payload, so lists inside compare by content.</summary>
    public void Then(params object[] expected)
    {
        decision.Rejection.ShouldBeNull($"expected events, but: {decision.Rejection?.Message}");
        Catalogue.AsStored(decision.Events).ShouldBe(Catalogue.AsStored(expected));
    }

    public Rejection ThenRejected(RejectionKind kind, string rule, string? field = null)
    {
        var rejection = decision.Rejection.ShouldNotBeNull("expected a rejection");
        decision.Events.ShouldBeEmpty();
        (rejection.Kind, rejection.Rule).ShouldBe((kind, rule), rejection.Message);
        if (field is not null) rejection.Field.ShouldBe(field);
        return rejection;
    }
}
