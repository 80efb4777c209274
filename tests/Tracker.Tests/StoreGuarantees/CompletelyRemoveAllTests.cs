using Npgsql;
using Tracker.Hosting;
using Tracker.Stories;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Marten's CompletelyRemoveAllAsync drops every mt_ table with CASCADE in one batch. Row and TRUNCATE triggers never
/// see a DROP: the DROP guard's event trigger refuses it to the owner role, which owns the tables, and the whole batch
/// rolls back. Its own database: if the guard fails, the history it wipes is this class's.
/// </summary>
public sealed class CompletelyRemoveAllTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact]
    public async Task Removing_all_of_Martens_tables_as_the_owner_is_refused_and_the_story_remains()
    {
        var story = Guid.CreateVersion7();
        await db.Ledger.Append(newsroom, Desk.OpenStory(story));
        await DatabaseRoles.Ensure(db.ConnectionString); // the roles, the tables handed to the owner, the DROP guard
        await using var owner = TrackerStore.DataSource(DatabaseRoles.As(db.ConnectionString, DatabaseRoles.Owner));
        using var asOwner = db.OpenStore(owner);

        var thrown = await Should.ThrowAsync<Exception>(() => asOwner.Advanced.Clean.CompletelyRemoveAllAsync());

        var refusal = GuardedApis.Causes(thrown).OfType<PostgresException>().FirstOrDefault();
        refusal.ShouldNotBeNull($"refused, but not by the database: {thrown}");
        refusal.MessageText.ShouldStartWith("the record is append-only");
        (await db.EventRows(newsroom, story)).ShouldBe(1);
        (await db.Ledger.Verify(newsroom)).Ok.ShouldBeTrue();
        (await db.Ledger.Load<Story>(newsroom, story)).ShouldNotBeNull("the story's snapshot table was in the same batch");
        await db.Ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists three times"));
    }
}
