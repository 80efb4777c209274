using Npgsql;
using NpgsqlTypes;

namespace Tracker.Replay;

/// <summary>The replay projections' SQL helpers: statements on the daemon's connection, and columns for unnest() inserts.</summary>
internal static class ProjectionSql
{
    public static async Task Execute(this NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Adds one column of a many-row insert as an array parameter.</summary>
    public static NpgsqlCommand Column<T>(this NpgsqlCommand cmd, IEnumerable<T> values, NpgsqlDbType? elementType = null)
    {
        var parameter = new NpgsqlParameter { Value = values.ToArray() };
        if (elementType is { } type) parameter.NpgsqlDbType = NpgsqlDbType.Array | type;
        cmd.Parameters.Add(parameter);
        return cmd;
    }
}
