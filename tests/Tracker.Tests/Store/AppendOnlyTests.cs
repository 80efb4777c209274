using JasperFx.Events;
using Marten;
using Npgsql;
using Tracker.Hosting;
using Tracker.Tests.Resilience;
using Tracker.Tests.Support;

namespace Tracker.Tests.Store;

/// <summary>
/// History cannot be rewritten, not even by the database's superuser going through SQL or through Marten's own
/// destructive APIs: the triggers installed with Marten's schema refuse them all.
/// </summary>
public sealed class AppendOnlyTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Theory]
    [InlineData("update tracker.mt_events set data = data")]
    [InlineData("delete from tracker.mt_events")]
    [InlineData("truncate tracker.mt_events cascade")]
    [InlineData("delete from tracker.mt_streams")]
    [InlineData("truncate tracker.mt_streams cascade")]
    public async Task Even_the_superuser_cannot_update_delete_or_truncate_the_events(string sql)
    {
        await Seeded();
        var refused = await Should.ThrowAsync<PostgresException>(() => AsSuperuser(sql));
        refused.SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation);
        refused.MessageText.ShouldContain("append-only");
    }

    [Fact]
    public async Task Martens_archive_and_tombstone_apis_are_refused()
    {
        var story = await Seeded();
        await using var db = NpgsqlDataSource.Create(app.ConnectionString);
        var (store, _) = ReadModelCheck.Open(db);
        using var _ = store;

        await using (var session = store.LightweightSession("newsroom"))
        {
            session.Events.ArchiveStream(story);
            await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        }
        await using (var session = store.LightweightSession("newsroom"))
        {
            session.Events.TombstoneStream(story);
            await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        }
        (await app.Store.ReadStream("newsroom", story)).Count.ShouldBe(1, "the story's event is still there");
        (await app.Store.Verify("newsroom")).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task A_trigger_dropped_by_the_superuser_comes_back_with_the_next_migration()
    {
        await Seeded();
        await AsSuperuser("drop trigger tracker_events_append_only on tracker.mt_events");
        await using var db = NpgsqlDataSource.Create(app.ConnectionString);
        var opts = new StoreOptions();
        TrackerStore.Configure(opts, db, TrackerStore.EventTypes(), Features.AsyncProjections());
        opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        using (var migrations = new DocumentStore(opts)) await migrations.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var refused = await Should.ThrowAsync<PostgresException>(() => AsSuperuser("delete from tracker.mt_events"));
        refused.SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation);
    }

    private async Task<Guid> Seeded()
    {
        var (reporter, _) = await app.As(Commands.Role.Reporter);
        return (await reporter.Post("/api/stories", new { title = "Append-only", summary = "History stays" })).Id();
    }

    /// <remarks>
    /// A TRUNCATE ... CASCADE locks several tables at once, and the app's daemon and agents read them meanwhile: PostgreSQL
    /// may pick the TRUNCATE as a deadlock victim before the trigger has had its say. That is no answer to what the test
    /// asks, so the statement is tried again; any other outcome, refusal or not, is the answer.
    /// </remarks>
    private async Task AsSuperuser(string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(app.ConnectionString);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand(sql, conn);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
