using Npgsql;

namespace Tracker.EventStore.Tests.Store;

public sealed class AppendOnlyTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    // Each test tampers in a desk of its own, so one test's damage never shows in another's report.
    private readonly string desk = "desk-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(PostgresEventStore Store, Guid Id)> StreamOfThree()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append(desk, new StreamAppend(id, "notebook", ExpectedVersion.NoStream,
            [new NoteTaken("19% would vote to separate"), new NoteTaken("about 30% support sovereignty"), new NoteTaken("84 percent of crude")],
            new EventMetadata("Ada <1>")));
        return (store, id);
    }

    [Theory]
    [InlineData("update tracker.events set data = '{\"text\":\"rewritten\"}' where stream_id = $1")]
    [InlineData("update tracker.events set is_archived = true, data = '{\"text\":\"sneaky\"}' where stream_id = $1")]
    [InlineData("delete from tracker.events where stream_id = $1")]
    [InlineData("truncate tracker.events")]
    public async Task Events_cannot_be_updated_deleted_or_truncated_even_by_the_owner(string sql)
    {
        var (store, id) = await StreamOfThree();
        await using var cmd = db.DataSource.CreateCommand(sql);
        if (sql.Contains("$1")) cmd.Parameters.Add(new() { Value = id });
        var error = await Should.ThrowAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        error.MessageText.ShouldContain("append-only");
        (await store.ReadStream(desk, id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_byte_changed_behind_the_stores_back_is_reported_with_stream_and_version()
    {
        var (store, id) = await StreamOfThree();
        (await store.Verify(desk)).Ok.ShouldBeTrue();

        await BehindTheStoresBack("update tracker.events set data = '{\"text\":\"85 percent of crude\"}' where stream_id = $1 and version = 3", id);

        var report = await store.Verify(desk);
        report.Ok.ShouldBeFalse();
        var failure = report.Failures.ShouldHaveSingleItem();
        failure.StreamId.ShouldBe(id);
        failure.Version.ShouldBe(3);
        failure.Problem.ShouldContain("hash does not match");
    }

    [Fact]
    public async Task A_deleted_event_is_reported_as_a_missing_version()
    {
        var (store, id) = await StreamOfThree();
        await BehindTheStoresBack("delete from tracker.events where stream_id = $1 and version = 2", id);
        var failures = (await store.Verify(desk)).Failures.Where(f => f.StreamId == id).ToList();
        failures.ShouldContain(f => f.Version == 3 && f.Problem.Contains("version 2 is missing"));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_and_records_the_schema_version()
    {
        var store = await db.Store();
        await store.Migrate();
        await store.Migrate();
        (await db.Scalar("select max(version) from tracker.schema_version")).ShouldBe(3);
        (await db.Scalar("select count(*) from tracker.schema_version")).ShouldBe(3);
    }

    /// <summary>A superuser can switch the triggers off for a session; the hash chain still gives them away.</summary>
    private async Task BehindTheStoresBack(string sql, Guid id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("set session_replication_role = replica", conn)) await off.ExecuteNonQueryAsync();
        await using (var tamper = new NpgsqlCommand(sql, conn))
        {
            tamper.Parameters.Add(new() { Value = id });
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        await using (var on = new NpgsqlCommand("set session_replication_role = origin", conn)) await on.ExecuteNonQueryAsync();
    }
}
