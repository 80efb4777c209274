using Npgsql;

namespace Tracker.EventStore.Schema;

/// <summary>
/// Creates and migrates the store's tables at start-up. Each migration runs once, in order, under an
/// advisory lock so that several nodes starting together do not race; the applied version is recorded.
/// </summary>
public static class StoreSchema
{
    public static async Task Migrate(NpgsqlDataSource dataSource, EventStoreOptions options, CancellationToken ct = default)
    {
        var schema = options.Schema;
        if (!schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new ArgumentException($"Schema name '{schema}' must be a plain lowercase identifier.");

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Execute(conn, $"select pg_advisory_xact_lock(hashtext('tracker-migrate:{schema}'))", ct);
        await Execute(conn, $"""
            create schema if not exists {schema};
            create table if not exists {schema}.schema_version (
                version int primary key,
                applied timestamptz not null default now());
            """, ct);

        var current = await CurrentVersion(conn, schema, ct);
        var migrations = Migrations.All(schema);
        for (var v = current + 1; v <= migrations.Count; v++)
        {
            await Execute(conn, migrations[v - 1], ct);
            await Execute(conn, $"insert into {schema}.schema_version (version) values ({v})", ct);
        }
        foreach (var projection in options.InlineProjections) await projection.EnsureSchema(conn, ct);
        foreach (var projection in options.AsyncProjections)
        {
            await projection.EnsureSchema(conn, ct);
            await using var progress = new NpgsqlCommand($"insert into {schema}.projection_progress (name) values ($1) on conflict do nothing", conn);
            progress.Parameters.Add(new() { Value = projection.Name });
            await progress.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public static async Task<int> CurrentVersion(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select coalesce(max(version), 0) from {schema}.schema_version", conn);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
