using Npgsql;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>What verify must still see once it leaves Marten's own bookkeeping rows out.</summary>
public sealed class VerifyTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact]
    public async Task A_story_whose_every_event_was_deleted_behind_the_stores_back_is_still_reported()
    {
        var story = Guid.CreateVersion7();
        var opened = await db.Ledger.Append(newsroom, Desk.OpenStory(story));
        await db.Ledger.Append(newsroom, Desk.Retitle(story, "US officials met Alberta separatists", opened.Next));

        // As a superuser can: replica mode skips the append-only triggers.
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        await using (var cmd = new NpgsqlCommand($"set session_replication_role = replica; delete from tracker.mt_events where stream_id = '{story}'; set session_replication_role = origin", conn))
            await cmd.ExecuteNonQueryAsync();

        var failure = (await db.Ledger.Verify(newsroom)).Failures.ShouldHaveSingleItem();
        (failure.StreamId, failure.Problem).ShouldBe((story, "stream has no events"));
    }
}
