using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tracker.Tests.Support;

namespace Tracker.Tests.Newsrooms;

/// <summary>
/// A newsroom's own database that stops answering must not take the node out of a load balancer: /health stays 200,
/// says "degraded" and how many databases are down (not which newsrooms: it is anonymous), and is "ok" again once the
/// database answers.
/// </summary>
public sealed class PlacedDatabaseDownTests(PlacedNewsroomApp app) : IClassFixture<PlacedNewsroomApp>
{
    [Fact]
    public async Task Health_stays_200_degraded_while_a_placed_database_refuses_connections_and_recovers_after()
    {
        var placed = new NpgsqlConnectionStringBuilder(app.OwnDatabase);
        var server = new NpgsqlConnectionStringBuilder(app.OwnDatabase) { Database = "postgres", Pooling = false }.ConnectionString;
        var anonymous = app.Client();
        // A cold first probe of the placed database (pool, plans) may take longer than its 2 s on a loaded machine.
        await Ok(anonymous);

        await Execute(server, $"alter database \"{placed.Database}\" with allow_connections false");
        try
        {
            await Execute(server, $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{placed.Database}' and pid <> pg_backend_pid()");
            var degraded = await Health(anonymous);
            degraded.GetProperty("status").GetString().ShouldBe("degraded", degraded.ToString());
            degraded.GetProperty("database").GetProperty("reachable").GetBoolean().ShouldBeTrue();
            degraded.GetProperty("placedDatabasesUnreachable").GetInt32().ShouldBe(1);
            degraded.ToString().ShouldNotContain(PlacedNewsroomApp.Slug, customMessage: "an anonymous caller learns no newsroom's name");
        }
        finally
        {
            await Execute(server, $"alter database \"{placed.Database}\" with allow_connections true");
        }

        var again = await Ok(anonymous);
        again.TryGetProperty("placedDatabasesUnreachable", out _).ShouldBeFalse();
    }

    /// <summary>/health once it says "ok" (each answer 200 on the way).</summary>
    private static async Task<JsonElement> Ok(HttpClient client)
    {
        var last = default(JsonElement);
        await Tracker.Tests.Resilience.Eventually.Until(async () => (last = await Health(client)).GetProperty("status").GetString() == "ok",
            TimeSpan.FromSeconds(30), "/health to say ok", () => last.ToString());
        return last;
    }

    private static async Task<JsonElement> Health(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
