using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.Accounts;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Importing;

/// <summary>
/// A database left by the store before Marten (TestData/old-store.sql, pg_dump of the demo the old code made) is moved
/// into Marten when the new version first starts on it: same heads as the old export of that database, every chain
/// verifies, the old tables stay and refuse writes, and what was not in events (passwords) is kept.
/// </summary>
public sealed class OldStoreMigrationTests
{
    private const string S = TrackerStore.Schema;

    [Fact]
    public async Task The_first_start_on_an_old_database_moves_every_event_into_marten_with_the_same_heads()
    {
        var database = await OldStore.Database();
        await using (var app = new Disposing(new TrackerAppFactory { Database = () => Task.FromResult(database) }))
        {
            await app.Factory.InitializeAsync();
            var ledger = app.Factory.Store;

            (await OldStore.HeadsIn(ledger.DataSource)).OrderBy(h => h.Key.Stream)
                .ShouldBe(OldStore.HeadsOf(OldStore.Lines).OrderBy(h => h.Key.Stream));
            var verified = await ledger.Verify();
            verified.Ok.ShouldBeTrue(string.Join("\n", verified.Failures));
            verified.Events.ShouldBe(OldStore.Lines.Length);

            // Events, tokens and passwords (not events: kept in place) all still serve.
            (await app.Factory.Services.GetRequiredService<AccountDirectory>().CheckPassword(OldStore.Newsroom, OldStore.FactcheckerName, OldStore.DemoPassword))
                .ShouldNotBeNull();
            var checker = app.Factory.Client(OldStore.FactcheckerToken);
            (await checker.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("name").GetString().ShouldBe(OldStore.FactcheckerName);
            (await checker.GetFromJsonAsync<JsonElement>($"/api/stories/{OldStore.StoryId}")).GetProperty("claims").GetArrayLength().ShouldBe(OldStore.Claims);
            // The async read models, emptied of rows naming old sequence numbers, are rebuilt by Marten's daemon.
            await app.Factory.ProjectionsCaughtUp();
            // (Had the old rows stayed, the daemon's first rows would have collided with them on seq and it would never catch up.)
            (await Count(ledger.DataSource, $"select count(*) from {S}.story_timeline")).ShouldBe(OldStore.TimelineEntries);

            foreach (var write in new[]
                     {
                         $"insert into {S}.events (id, tenant_id, stream_id, version, type, data, metadata, \"timestamp\", prev_hash, hash) " +
                         $"select gen_random_uuid(), tenant_id, stream_id, version + 1000, type, data, metadata, \"timestamp\", prev_hash, hash from {S}.events limit 1",
                         $"update {S}.streams set version = version + 1",
                         $"delete from {S}.streams",
                         $"truncate {S}.events cascade",
                     })
            {
                // The app's role holds no write grant on them; a superuser, who passes every grant, is refused by the trigger.
                (await Should.ThrowAsync<PostgresException>(() => Count(ledger.DataSource, write), write)).SqlState
                    .ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
                await using var superuser = NpgsqlDataSource.Create(database);
                (await Should.ThrowAsync<PostgresException>(() => Count(superuser, write), write)).SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation);
            }
        }

        // A second start finds the work done: nothing copied twice.
        await using var again = new Disposing(new TrackerAppFactory { Database = () => Task.FromResult(database) });
        await again.Factory.InitializeAsync();
        (await again.Factory.EventCount()).ShouldBe(OldStore.Lines.Length);
        (await again.Factory.Store.Verify()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task An_old_database_whose_chains_break_is_not_moved_and_the_app_does_not_start_on_it()
    {
        var database = await OldStore.Database();
        await using (var conn = new NpgsqlConnection(database))
        {
            await conn.OpenAsync();
            await using var edit = new NpgsqlCommand($"alter table {S}.events disable trigger events_append_only; " +
                $"update {S}.events set data = jsonb_set(data, '{{edited}}', 'true') where seq_id = 40; " +
                $"alter table {S}.events enable trigger events_append_only", conn);
            await edit.ExecuteNonQueryAsync();
        }
        var app = new TrackerAppFactory { Database = () => Task.FromResult(database) };

        var refused = await Should.ThrowAsync<Exception>(() => app.InitializeAsync());

        Flatten(refused).ShouldContain(e => e.Message.Contains("does not verify"), refused.ToString());
        // Nothing was copied and the old tables are still writable: once repaired, the next start moves them.
        await using var data = NpgsqlDataSource.Create(database);
        (await Count(data, $"select count(*) from {S}.mt_events")).ShouldBe(0);
        (await Count(data, $"select count(*) from pg_trigger where tgname like 'tracker_old_store_read_only%'")).ShouldBe(0);
        try { app.Dispose(); } catch (Exception) { /* the app never started */ }
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException many ? many.InnerExceptions.SelectMany(Flatten) : e.InnerException is { } inner ? [e, .. Flatten(inner)] : [e];

    private static async Task<long> Count(NpgsqlDataSource data, string sql)
    {
        await using var cmd = data.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L);
    }
}
