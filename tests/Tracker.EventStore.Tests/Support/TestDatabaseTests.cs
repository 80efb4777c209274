using Tracker.Testing;
using Npgsql;

namespace Tracker.EventStore.Tests.Support;

public sealed class TestDatabaseTests
{
    [Fact]
    public async Task Each_created_database_is_fresh_and_separate()
    {
        var one = await TestDatabase.CreateDatabase("Claims Tests");
        var other = await TestDatabase.CreateDatabase();

        one.ShouldNotBe(other);
        new NpgsqlConnectionStringBuilder(one).Database!.ShouldStartWith("claims_tests_");
        await Execute(one, "create table claims (id int)");
        (await Scalar<bool>(one, "select to_regclass('claims') is not null")).ShouldBeTrue();
        (await Scalar<bool>(other, "select to_regclass('claims') is not null")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_server_connection_string_reaches_the_server()
    {
        var server = await TestDatabase.ServerConnectionString();

        (await Scalar<int>(server, "select 1")).ShouldBe(1);
        (await TestDatabase.ServerConnectionString()).ShouldBe(server);
    }

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
