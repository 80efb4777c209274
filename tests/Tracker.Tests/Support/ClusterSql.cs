using Npgsql;

namespace Tracker.Tests.Support;

/// <summary>Plain SQL against one cluster's database by its connection string, for tests that look at where rows landed.</summary>
public static class ClusterSql
{
    /// <summary>The first column of every row, ordered by it.</summary>
    public static Task<List<string>> Strings(string connectionString, string sql) =>
        Run(connectionString, sql + " order by 1", [], async cmd =>
        {
            var list = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) list.Add(r.GetString(0));
            return list;
        });

    public static Task<long> Count(string connectionString, string sql) =>
        Run(connectionString, sql, [], async cmd => Convert.ToInt64(await cmd.ExecuteScalarAsync()));

    public static Task Execute(string connectionString, string sql, params object[] values) =>
        Run(connectionString, sql, values, cmd => cmd.ExecuteNonQueryAsync());

    private static async Task<T> Run<T>(string connectionString, string sql, object[] values, Func<NpgsqlCommand, Task<T>> read)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var value in values) cmd.Parameters.Add(new() { Value = value });
        return await read(cmd);
    }
}
