using Npgsql;
using Tracker;
using Tracker.Http;
using Tracker.Tests.Support;

namespace Tracker.Tests.Http;

/// <summary>
/// Replies kept for Idempotency-Key retries are text, so a replay is the first answer byte for byte; a table from an
/// installation that kept them as jsonb is turned into text at start-up, its replies kept.
/// </summary>
public sealed class IdempotencyStorageTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task An_older_jsonb_table_becomes_text_at_start_up_keeping_its_replies()
    {
        await using var owner = NpgsqlDataSource.Create(app.ConnectionString);
        await Execute(owner, "alter table tracker.idempotency_keys alter column body type jsonb using body::jsonb");
        await Execute(owner, "insert into tracker.idempotency_keys (tenant_id, key, fingerprint, status, body) " +
                             """values ('newsroom', 'older', 'f', 201, '{"b": 2, "a": 1}'::jsonb)""");

        // What start-up runs on every database.
        Features.OwnTables(Features.AsyncProjections()).ShouldContain(Idempotency.Ddl);
        await Execute(owner, Idempotency.Ddl);

        (await Scalar(owner, "select data_type from information_schema.columns where table_schema = 'tracker' " +
                             "and table_name = 'idempotency_keys' and column_name = 'body'")).ShouldBe("text");
        (await Scalar(owner, "select body from tracker.idempotency_keys where key = 'older'")).ShouldBe("""{"a": 1, "b": 2}""");
        await Execute(owner, Idempotency.Ddl); // and again, as every later start does: nothing changes
        (await Scalar(owner, "select body from tracker.idempotency_keys where key = 'older'")).ShouldBe("""{"a": 1, "b": 2}""");
    }

    private static async Task Execute(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
