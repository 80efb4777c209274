using Marten;
using Marten.Events;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Stored events carry a stable snake_case alias, never a class name: renaming a class must not orphan history, and two
/// classes under one alias would read one's history as the other's. Marten accepts two classes mapped to one alias
/// silently (architecture.md), so the check is ours.
/// </summary>
public sealed class EventAliasTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    [Fact]
    public void Every_event_type_the_app_registers_has_one_snake_case_alias_of_its_own()
    {
        var registered = TrackerStore.EventTypes().All.ToList();

        registered.Count.ShouldBeGreaterThanOrEqualTo(27, "newsroom, account, story, source, claim and verdict events");
        registered.Select(r => r.Type).ShouldBeUnique();
        registered.Select(r => r.Alias).ShouldBeUnique();
        registered.Where(r => !System.Text.RegularExpressions.Regex.IsMatch(r.Alias, "^[a-z][a-z0-9]*(_[a-z0-9]+)*$")).ShouldBeEmpty();
    }

    [Fact]
    public void Martens_mapping_of_the_apps_store_uses_exactly_those_aliases()
    {
        var registered = TrackerStore.EventTypes().All.ToDictionary(r => r.Type, r => r.Alias);
        var events = (EventGraph)db.Store.Options.Events;

        registered.Where(r => events.EventMappingFor(r.Key).EventTypeName != r.Value)
            .Select(r => $"{r.Key.Name}: Marten stores it as {events.EventMappingFor(r.Key).EventTypeName}, not {r.Value}").ShouldBeEmpty();
        events.AllKnownEventTypes().Where(t => registered.ContainsKey(t.EventType)).Select(t => t.EventTypeName)
            .Order().ShouldBe(registered.Values.Order());
        SharedAliases(db.Store).ShouldBeEmpty();
    }

    [Fact]
    public void A_second_class_under_a_taken_alias_is_refused_by_the_registry()
    {
        var types = TrackerStore.EventTypes();

        Should.Throw<InvalidOperationException>(() => types.Register<ImpostorLogged>("claim_logged")).Message.ShouldContain("ClaimLogged");
        Should.Throw<ArgumentException>(() => types.Register<ImpostorLogged>("ImpostorLogged"));
        types.AliasFor(typeof(ClaimLogged)).ShouldBe("claim_logged");
        types.IsRegistered(typeof(ImpostorLogged)).ShouldBeFalse();
    }

    [Fact]
    public void A_second_class_mapped_straight_into_Marten_under_a_taken_alias_is_caught()
    {
        // Bypassing the registry, as a hand-written MapEventType would: Marten takes it without a word.
        using var store = db.OpenStore(also: o => o.Events.MapEventType<ImpostorLogged>("claim_logged"));

        SharedAliases(store).ShouldBe(["claim_logged"]);
    }

    /// <summary>Aliases that more than one class is mapped to in a store's event graph.</summary>
    private static List<string> SharedAliases(IDocumentStore store) =>
        [.. ((EventGraph)store.Options.Events).AllKnownEventTypes().GroupBy(t => t.EventTypeName)
            .Where(g => g.Select(t => t.EventType).Distinct().Count() > 1).Select(g => g.Key).Order()];

    private sealed record ImpostorLogged(Guid StoryId, string Text);
}
