using Marten;
using Npgsql;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Tests.Store;

/// <summary>
/// Stored event names are a contract with history: Marten maps every event class to the alias of docs/events.md, and
/// no alias can name two classes (Marten itself would accept that silently).
/// </summary>
public sealed class EventAliasTests
{
    [Fact]
    public void Marten_stores_each_event_under_its_own_alias_and_no_alias_twice()
    {
        var types = TrackerStore.EventTypes();
        var opts = new StoreOptions();
        using var db = NpgsqlDataSource.Create("Host=/nowhere;Database=none");
        TrackerStore.Configure(opts, db, types, Features.AsyncProjections());

        var all = types.All.ToList();
        all.Select(t => t.Alias).ShouldBeUnique();
        foreach (var (type, alias) in all) ((Marten.Events.EventGraph)opts.Events).EventMappingFor(type).EventTypeName.ShouldBe(alias, type.Name);
    }

    [Fact]
    public void A_second_class_under_a_taken_alias_is_refused()
    {
        var types = new EventTypeRegistry().Register<Tracker.Claims.ClaimArchived>("claim_archived");
        Should.Throw<InvalidOperationException>(() => types.Register<Tracker.Claims.ClaimRestored>("claim_archived")).Message.ShouldContain("already taken");
    }
}
