namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// The guard is part of Marten's schema (a Weasel feature), so every way the schema is brought up to date installs it:
/// a fresh database, a second run of the migrations, and a migration after someone removed or disabled a trigger.
/// </summary>
public sealed class GuardMigrationTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private static readonly string[] Triggers =
        ["tracker_events_append_only", "tracker_events_no_truncate", "tracker_streams_no_delete", "tracker_streams_no_truncate"];

    [Fact]
    public async Task A_fresh_database_has_every_trigger_and_migrating_again_keeps_them()
    {
        (await EnabledTriggers()).ShouldBe(Triggers);
        await db.Migrate(db.Store);
        await db.Migrate(db.Store);
        (await EnabledTriggers()).ShouldBe(Triggers);
    }

    [Theory]
    [InlineData("drop trigger tracker_events_append_only on tracker.mt_events")]
    [InlineData("drop trigger tracker_streams_no_delete on tracker.mt_streams")]
    [InlineData("alter table tracker.mt_events disable trigger tracker_events_no_truncate")]
    [InlineData("alter table tracker.mt_streams disable trigger tracker_streams_no_truncate")]
    public async Task A_trigger_a_superuser_removed_or_disabled_is_back_after_the_next_migration(string removal)
    {
        await db.Execute(removal);
        (await EnabledTriggers()).Count.ShouldBe(Triggers.Length - 1);

        await db.Migrate(db.Store);
        (await EnabledTriggers()).ShouldBe(Triggers);

        // As the app restarting on that database would bring it back, too.
        await db.Execute(removal);
        using var restarted = db.OpenStore();
        await db.Migrate(restarted);
        (await EnabledTriggers()).ShouldBe(Triggers);
    }

    /// <summary>The guard's triggers on the event tables, those switched on, by name (the DROP guard's event triggers are the roles' set-up, not a migration's).</summary>
    private async Task<List<string>> EnabledTriggers()
    {
        await using var cmd = db.DataSource.CreateCommand("select tgname::text from pg_trigger where not tgisinternal and tgenabled <> 'D' " +
            "and tgrelid in ('tracker.mt_events'::regclass, 'tracker.mt_streams'::regclass) order by 1");
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
