using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tracker.EventStore.Embedded;
using Tracker.EventStore.Tests.Support;
using Tracker.Testing;

namespace Tracker.EventStore.Tests.Embedded;

/// <summary>Each test owns a cluster: these are about the cluster's lifecycle itself.</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly TempDirectory _temp = TempDirectory.Create();

    private string DataDirectory => Path.Combine(_temp.Path, "postgres");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Starts_a_cluster_reachable_only_through_a_unix_socket()
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);

        var settings = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        settings.Host.ShouldBe(DataDirectory);
        settings.Database.ShouldBe("tracker");
        settings.Username.ShouldBe("tracker");
        postgres.DataDirectory.ShouldBe(DataDirectory);

        (await Scalar<int>(postgres, "select 1")).ShouldBe(1);
        (await Scalar<string>(postgres, "show listen_addresses")).ShouldBe("");
        (await Scalar<string>(postgres, "show unix_socket_permissions")).ShouldBe("0700");
        (await Scalar<bool>(postgres, "select inet_server_addr() is null")).ShouldBeTrue();
        (await Scalar<string>(postgres, "show fsync")).ShouldBe("off");
        (await Scalar<string>(postgres, "select current_database()")).ShouldBe("tracker");
        File.Exists(postgres.LogFile).ShouldBeTrue();
    }

    [Fact]
    public async Task Data_survives_a_stop_and_a_start_and_app_clusters_are_durable()
    {
        var first = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        await Execute(first, "create table claims (text text); insert into claims values ('the moon is cheese')");

        await first.StopAsync();
        await first.StopAsync();
        await first.RestartAsync();
        (await Scalar<string>(first, "select text from claims")).ShouldBe("the moon is cheese");
        await first.DisposeAsync();
        await first.DisposeAsync();

        // The same folder without forTests: the settings follow the caller, so app data gets fsync back.
        await using var second = await EmbeddedPostgres.StartAsync(DataDirectory);
        (await Scalar<string>(second, "select text from claims")).ShouldBe("the moon is cheese");
        (await Scalar<string>(second, "show fsync")).ShouldBe("on");
        (await Scalar<string>(second, "show full_page_writes")).ShouldBe("on");
    }

    [Fact]
    public async Task An_immediate_stop_is_recovered_from_on_the_next_start()
    {
        var crashed = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        // forTests turns synchronous commit off, which may lose the last commits in a crash; this session wants them kept.
        await Execute(crashed, "set synchronous_commit = on; create table verdicts (rating text); insert into verdicts values ('false')");
        await crashed.StopImmediateAsync();

        await using var recovered = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);

        (await Scalar<string>(recovered, "select rating from verdicts")).ShouldBe("false");
        (await File.ReadAllTextAsync(recovered.LogFile)).ShouldContain("automatic recovery in progress");
        await crashed.DisposeAsync(); // already stopped: must not touch the recovered server
        (await Scalar<int>(recovered, "select 1")).ShouldBe(1);
    }

    [Fact]
    public async Task A_second_start_on_a_running_cluster_reuses_it()
    {
        await using var first = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        await using var second = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);

        second.ConnectionString.ShouldBe(first.ConnectionString);
        (await Scalar<int>(first, "select 1")).ShouldBe(1);
        (await Scalar<int>(second, "select 1")).ShouldBe(1);
        (await Scalar<DateTime>(second, "select pg_postmaster_start_time()"))
            .ShouldBe(await Scalar<DateTime>(first, "select pg_postmaster_start_time()"));
    }

    [Fact]
    public async Task Leaving_a_shared_cluster_stops_it_only_when_the_last_user_leaves()
    {
        var owner = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        var guest = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);

        await guest.DisposeAsync();
        (await Scalar<int>(owner, "select 1")).ShouldBe(1);

        // The one that started it is not special: whoever leaves last stops it.
        var late = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        await owner.DisposeAsync();
        (await Scalar<int>(late, "select 1")).ShouldBe(1);
        await late.DisposeAsync();
        File.Exists(Path.Combine(DataDirectory, "postmaster.pid")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_stale_postmaster_pid_left_by_a_killed_server_does_not_block_the_next_start()
    {
        await using var killed = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        await Execute(killed, "set synchronous_commit = on; create table sources (name text); insert into sources values ('wire')");
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        var pid = int.Parse((await File.ReadAllLinesAsync(pidFile))[0]);
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill();
            await postmaster.WaitForExitAsync();
        }

        await WaitUntilGone(pid);
        File.Exists(pidFile).ShouldBeTrue();

        await using var restarted = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);

        (await Scalar<string>(restarted, "select name from sources")).ShouldBe("wire");
    }

    [Fact]
    public async Task A_data_directory_too_deep_for_a_socket_gets_a_private_socket_folder_in_tmp()
    {
        var deep = Path.Combine(_temp.Path, new string('d', 60), new string('e', 40), "postgres");
        await using var postgres = await EmbeddedPostgres.StartAsync(deep, forTests: true);
        try
        {
            var socketFolder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Host!;
            socketFolder.ShouldStartWith("/tmp/tracker-pg-");
            File.GetUnixFileMode(socketFolder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            (await Scalar<int>(postgres, "select 1")).ShouldBe(1);
            SocketDirectory.For(DataDirectory).ShouldBe(DataDirectory);
            SocketDirectory.For(deep + "2").ShouldNotBe(socketFolder);
        }
        finally
        {
            await postgres.StopAsync();
            Directory.Delete(postgres.SocketDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_that_is_not_a_cluster_is_refused_with_initdbs_reason_and_left_untouched()
    {
        Directory.CreateDirectory(DataDirectory);
        var stray = Path.Combine(DataDirectory, "notes.txt");
        await File.WriteAllTextAsync(stray, "keep me");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => EmbeddedPostgres.StartAsync(DataDirectory, forTests: true));

        error.Message.ShouldContain("initdb");
        error.Message.ShouldContain("not empty");
        (await File.ReadAllTextAsync(stray)).ShouldBe("keep me");
    }

    [Fact]
    public async Task A_server_that_will_not_start_reports_pg_ctls_error_and_the_end_of_its_log()
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(DataDirectory, forTests: true);
        await postgres.StopAsync();
        var autoConf = Path.Combine(DataDirectory, "postgresql.auto.conf");
        var original = await File.ReadAllTextAsync(autoConf);
        await File.AppendAllTextAsync(autoConf, "shared_buffers = 'plenty'\n");

        var error = await Should.ThrowAsync<InvalidOperationException>(postgres.RestartAsync);

        error.Message.ShouldContain("pg_ctl start");
        error.Message.ShouldContain("could not start server");
        error.Message.ShouldContain("shared_buffers");
        await File.WriteAllTextAsync(autoConf, original);
        await postgres.RestartAsync();
        (await Scalar<int>(postgres, "select 1")).ShouldBe(1);
    }

    [RootFact]
    public async Task As_root_the_server_runs_as_another_user_and_only_the_traverse_bit_is_added_to_a_closed_ancestor()
    {
        var closed = Directory.CreateDirectory(Path.Combine(_temp.Path, "closed")).FullName;
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var logger = new ListLogger();

        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(closed, "postgres"), logger, forTests: true);

        (await Scalar<int>(postgres, "select 1")).ShouldBe(1);
        File.GetUnixFileMode(closed).ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains(closed) && e.Message.Contains("o+x"));
        (await Scalar<string>(postgres, "select current_setting('data_directory')")).ShouldBe(postgres.DataDirectory);
        var owner = await ProcessRunner.RunAsync("stat", ["-c", "%U", postgres.DataDirectory], TimeSpan.FromSeconds(10), default);
        owner.StandardOutput.Trim().ShouldNotBe("root");
    }

    private static async Task<T> Scalar<T>(EmbeddedPostgres postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(EmbeddedPostgres postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // The killed postmaster is reaped by init some time after it dies; until then its pid still answers.
    private static async Task WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
        {
            await Task.Delay(50);
        }
    }
}
