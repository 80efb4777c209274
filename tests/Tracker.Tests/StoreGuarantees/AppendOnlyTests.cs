using Npgsql;
using Tracker.EventStore;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// History is append-only in the database itself, whoever connects: the superuser the test cluster gives us and a
/// writer granted every privilege on the tables are both refused by the guard's triggers, not by missing grants.
/// </summary>
public sealed class AppendOnlyTests(LedgerFixture db) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private readonly string newsroom = Desk.NewNewsroom();

    // A role with every privilege on the event tables: only the triggers stand between it and history.
    private readonly string writer = "tracker_writer_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Each statement with the trigger that must refuse it ("OP on table").</summary>
    public static TheoryData<string, string, string> Rewrites()
    {
        (string Sql, string RefusedAs)[] statements =
        [
            ("update tracker.mt_events set data = jsonb_set(data, '{text}', '\"Only 9% would vote to separate\"') where stream_id = @stream", "UPDATE on tracker.mt_events"),
            ("update tracker.mt_events set is_archived = true where stream_id = @stream", "UPDATE on tracker.mt_events"),
            ("delete from tracker.mt_events where stream_id = @stream and version = 2", "DELETE on tracker.mt_events"),
            ("truncate tracker.mt_events", "TRUNCATE on tracker.mt_events"),
            ("truncate tracker.mt_events cascade", "TRUNCATE on tracker.mt_events"),
            ("delete from tracker.mt_streams where id = @stream", "DELETE on tracker.mt_streams"),
            // Plain TRUNCATE of mt_streams is already refused by mt_events' foreign key; CASCADE is the form that would work.
            ("truncate tracker.mt_streams cascade", "TRUNCATE on tracker.mt_streams"),
        ];
        var data = new TheoryData<string, string, string>();
        foreach (var role in new[] { "superuser", "writer" })
            foreach (var (sql, refusedAs) in statements) data.Add(role, sql, refusedAs);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task Stored_claims_cannot_be_rewritten_deleted_or_truncated_by_any_role(string role, string sql, string refusedAs)
    {
        var claim = await ClaimCorrectedOnce();
        var before = await db.Ledger.Verify(newsroom);

        await using var conn = await OwnConnection();
        if (role == "writer") await Run(conn, $"set role {writer}");
        (await Run(conn, "select rolsuper::text from pg_roles where rolname = current_user")).ShouldBe(role == "superuser" ? "true" : "false");

        var refused = await Should.ThrowAsync<PostgresException>(() => Run(conn, sql, claim));
        refused.MessageText.ShouldBe($"the event store is append-only: {refusedAs} is not allowed",
            $"refused by the guard, not by {refused.SqlState} {refused.MessageText}");
        refused.SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation);

        (await db.EventRows(newsroom, claim)).ShouldBe(2);
        var after = await db.Ledger.Verify(newsroom);
        after.Ok.ShouldBeTrue(string.Join("; ", after.Failures));
        after.Events.ShouldBe(before.Events);
        (await db.Scalar("select count(*) from tracker.mt_events where is_archived")).ShouldBe(0);
    }

    // DROP by the owner role: Security/DropGuardTests (a superuser passes every guard in the database by design).

    private async Task<Guid> ClaimCorrectedOnce()
    {
        var claim = Guid.CreateVersion7();
        var logged = await db.Ledger.Append(newsroom, Desk.LogClaim(claim, Guid.CreateVersion7(), "Only 19% would vote to separate"));
        await db.Ledger.Append(newsroom, Desk.CorrectClaim(claim, "Only 19 percent would vote to separate", "house style",
            ExpectedVersion.Exactly(1), logged.Next));
        return claim;
    }

    /// <summary>Outside the pool: a connection that took another role must not serve anyone after this test.</summary>
    private async Task<NpgsqlConnection> OwnConnection()
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<string?> Run(NpgsqlConnection conn, string sql, Guid? stream = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (stream is { } id) cmd.Parameters.AddWithValue("stream", id);
        return (await cmd.ExecuteScalarAsync())?.ToString();
    }

    public Task InitializeAsync() => db.Execute(
        $"create role {writer}; grant usage on schema tracker to {writer}; grant all privileges on all tables in schema tracker to {writer}");

    public Task DisposeAsync() => db.Execute($"drop owned by {writer}; drop role {writer}");
}
