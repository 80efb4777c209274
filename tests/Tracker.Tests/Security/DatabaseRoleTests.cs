using Npgsql;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// The app serves requests as a role that can read and append events but never rewrite them, nor switch the guard off:
/// SQL smuggled into the app, or its connection string in the wrong hands, cannot change history.
/// </summary>
public sealed class DatabaseRoleTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task The_app_connects_as_its_own_role_which_is_no_superuser_and_owns_nothing()
    {
        await app.Admin.GetAsync("/api/me");
        (await Scalar<string>("select current_user")).ShouldBe(DatabaseRoles.App);
        (await Scalar<bool>("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = current_user")).ShouldBeFalse();
        (await Scalar<string>("select pg_get_userbyid(relowner) from pg_class where oid = 'tracker.mt_events'::regclass")).ShouldBe(DatabaseRoles.Owner);
        (await Scalar<long>("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'tracker' and c.relowner = (select oid from pg_roles where rolname = current_user)"))
            .ShouldBe(0, "the app role owns no table of the schema");
    }

    [Theory]
    [InlineData("update tracker.mt_events set data = data")]
    [InlineData("delete from tracker.mt_events")]
    [InlineData("truncate tracker.mt_events")]
    [InlineData("delete from tracker.mt_streams")]
    [InlineData("truncate tracker.mt_streams cascade")]
    [InlineData("update tracker.checkpoints set root = root")]
    [InlineData("delete from tracker.checkpoints")]
    [InlineData("truncate tracker.checkpoints")]
    [InlineData("alter table tracker.mt_events disable trigger all")]
    [InlineData("drop trigger tracker_events_append_only on tracker.mt_events")]
    [InlineData("set session_replication_role = replica")]
    [InlineData("copy (select 1) to program 'true'")]
    [InlineData("create table tracker.smuggled (x int)")]
    public async Task What_the_app_role_may_never_do_is_refused_by_the_database(string sql)
    {
        await app.Admin.GetAsync("/api/me");
        var refused = await Should.ThrowAsync<PostgresException>(async () => await Execute(sql));
        refused.SqlState.ShouldBeOneOf(PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.InvalidGrantOperation);
    }

    [Fact]
    public async Task The_app_role_still_reads_and_appends()
    {
        var (reporter, _) = await app.As(Commands.Role.Reporter);
        var before = await app.EventCount();
        await reporter.Post("/api/stories", new { title = "Roles", summary = "Appends still work" });
        (await app.EventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_schema_made_by_the_superuser_before_the_roles_existed_is_handed_to_the_owner()
    {
        var database = await TestDatabase.CreateDatabase("legacy");
        await using (var conn = new NpgsqlConnection(database))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("create schema tracker; create table tracker.events (id int); create function tracker.f() returns int language sql as 'select 1'", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await DatabaseRoles.Ensure(database);

        await using var check = new NpgsqlConnection(database);
        await check.OpenAsync();
        await using var owners = new NpgsqlCommand(
            "select (select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'tracker'), pg_get_userbyid(relowner), " +
            "(select pg_get_userbyid(proowner) from pg_proc where proname = 'f') from pg_class where oid = 'tracker.events'::regclass", check);
        await using var reader = await owners.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        (reader.GetString(0), reader.GetString(1), reader.GetString(2)).ShouldBe((DatabaseRoles.Owner, DatabaseRoles.Owner, DatabaseRoles.Owner));
    }

    private async Task Execute(string sql)
    {
        await using var cmd = app.Store.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = app.Store.DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
