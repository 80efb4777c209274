using Npgsql;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// The owner role, which migrates the schema and so owns the event tables, still cannot take the record away: dropping
/// the event, stream or checkpoint tables, their append-only triggers or the function behind them, or disabling those
/// triggers, is refused by the superuser's event triggers. Each statement runs in a transaction that is rolled back, so
/// a guard that failed to refuse would not spoil the other cases.
/// </summary>
public sealed class DropGuardTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Theory]
    [InlineData("drop table tracker.mt_events cascade")]
    [InlineData("drop table tracker.mt_streams cascade")]
    [InlineData("drop table tracker.checkpoints")]
    [InlineData("drop schema tracker cascade")]
    [InlineData("drop trigger tracker_events_append_only on tracker.mt_events")]
    [InlineData("drop trigger tracker_streams_no_delete on tracker.mt_streams")]
    [InlineData("drop function tracker.tracker_append_only() cascade")]
    [InlineData("alter table tracker.mt_events disable trigger user")]
    [InlineData("alter table tracker.mt_events disable trigger tracker_events_append_only")]
    [InlineData("alter table tracker.mt_streams disable trigger user")]
    public async Task The_owner_may_not_drop_or_switch_off_what_keeps_the_record(string sql)
    {
        await app.Admin.GetAsync("/api/me");
        await using var owner = NpgsqlDataSource.Create(DatabaseRoles.As(app.ConnectionString, DatabaseRoles.Owner));
        await using var conn = await owner.OpenConnectionAsync();
        (await new NpgsqlCommand("select current_user", conn).ExecuteScalarAsync()).ShouldBe(DatabaseRoles.Owner);
        await using var tx = await conn.BeginTransactionAsync();

        var refused = await Should.ThrowAsync<PostgresException>(async () => await new NpgsqlCommand(sql, conn, tx).ExecuteNonQueryAsync());

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        refused.MessageText.ShouldStartWith("the record is append-only");
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task The_app_keeps_working_and_the_owner_still_migrates()
    {
        var (reporter, _) = await app.As(Commands.Role.Reporter);
        var before = await app.EventCount();
        await reporter.Post("/api/stories", new { title = "Guarded", summary = "Appends still work" });
        (await app.EventCount()).ShouldBe(before + 1);
        // A second start on the same database runs every migration again as the owner, past the guard.
        await using var again = await app.WithWebHostBuilder(_ => { });
        (await again.Server.CreateClient().GetAsync("/health")).IsSuccessStatusCode.ShouldBeTrue();
    }
}
