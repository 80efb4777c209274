using Npgsql;
using Tracker.Accounts;
using Tracker.Cli;
using Tracker.EventStore.Embedded;

namespace Tracker.Tests.Accounts;

/// <summary>tracker accounts add|roles|list and tracker tokens revoke, from a shell, on the embedded database of a data folder.</summary>
public sealed class AccountVerbTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-cli-").FullName;

    [Fact]
    public async Task An_admin_adds_lists_and_revokes_from_the_shell()
    {
        (await TrackerCli.Run(["accounts", "add", "Erin Editor", "--role", "editor", "--role", "auditor", "--data", data])).ShouldBe(0);
        (await TrackerCli.Run(["accounts", "add", "Nobody", "--role", "publisher", "--data", data])).ShouldBe(1);
        (await TrackerCli.Run(["accounts", "list", "--data", data])).ShouldBe(0);
        // The data folder named before the verb, as people also type it.
        TrackerCli.IsVerbInvocation(["--data", data, "accounts", "list"]).ShouldBeTrue();
        (await TrackerCli.Run(["--data", data, "accounts", "list"])).ShouldBe(0);

        var roles = await Query("select a.roles from tracker.accounts a join tracker.account_setup_codes c on c.account_id = a.id where a.name = 'Erin Editor'",
            r => r.GetFieldValue<string[]>(0));
        roles.ShouldBe(["editor", "auditor"], ignoreOrder: true);
        (await Query("select count(*) from tracker.account_tokens t join tracker.accounts a on a.id = t.account_id where a.name = 'Erin Editor'", r => r.GetInt64(0)))
            .ShouldBe(0, "the shell prints a setup code, never a token for someone else");

        var tokenId = await Query("select t.token_id from tracker.accounts a join tracker.account_tokens t on t.account_id = a.id where a.name = 'admin'", r => r.GetGuid(0));
        (await TrackerCli.Run(["tokens", "revoke", tokenId.ToString(), "--data", data])).ShouldBe(0);
        (await Query($"select revoked from tracker.account_tokens where token_id = '{tokenId}'", r => r.GetBoolean(0))).ShouldBeTrue();
        (await TrackerCli.Run(["tokens", "revoke", Guid.NewGuid().ToString(), "--data", data])).ShouldBe(1);
        (await Query("select count(*) from tracker.accounts where name = 'Nobody'", r => r.GetInt64(0))).ShouldBe(0);

        // The operator changes anyone's roles, the first admin's included (no admin it set up may).
        (await TrackerCli.Run(["accounts", "roles", "ADMIN", "--role", "admin", "--role", "editor", "--data", data])).ShouldBe(0);
        (await Query("select roles from tracker.accounts where name = 'admin'", r => r.GetFieldValue<string[]>(0))).ShouldBe(["admin", "editor"], ignoreOrder: true);
        (await TrackerCli.Run(["accounts", "roles", "Nobody", "--role", "editor", "--data", data])).ShouldBe(1);
        (await TrackerCli.Run(["accounts", "roles", "Erin Editor", "--role", "publisher", "--data", data])).ShouldBe(1);
    }

    [Theory]
    [InlineData(new[] { "--data", "/srv/tracker", "newsrooms", "add", "city-desk" }, true)]
    [InlineData(new[] { "--data=/srv/tracker", "verify" }, true)]
    [InlineData(new[] { "accounts", "list", "--data", "/srv/tracker" }, true)]
    [InlineData(new[] { "--data", "/srv/tracker" }, false)]
    [InlineData(new[] { "--data", "/srv/tracker", "--urls", "http://127.0.0.1:5077" }, false)]
    [InlineData(new[] { "--data", "accounts" }, false)]
    [InlineData(new string[0], false)]
    public void A_verb_is_recognised_after_the_data_folder_and_anything_else_serves_the_app(string[] args, bool verb) =>
        TrackerCli.IsVerbInvocation(args).ShouldBe(verb);

    private async Task<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var cluster = await EmbeddedPostgres.StartAsync(Path.Combine(data, "postgres"));
        await using var conn = new NpgsqlConnection(cluster.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue(sql);
        return read(reader);
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
