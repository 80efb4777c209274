using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Npgsql;
using Tracker.EventStore.Embedded;

namespace Tracker.Testing;

/// <summary>
/// One throwaway cluster per test run (static, started on first use, stopped at process exit), or the server named
/// by the environment variable ConnectionStrings__Tracker. Test classes each take a fresh database from it.
/// </summary>
public static partial class TestDatabase
{
    private const string ServerVariable = "ConnectionStrings__Tracker";
    private const int SigInt = 2;
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    private static readonly Lazy<Task<string>> SecondServer = new(StartEmbeddedAsync);
    private static readonly ConcurrentQueue<string> Created = new();

    /// <summary>The server's own database: "tracker" on the embedded cluster, or the configured one.</summary>
    public static Task<string> ServerConnectionString() => Server.Value;

    /// <summary>Creates a database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabase(string? prefix = null) => await CreateDatabaseOn(await ServerConnectionString(), prefix);

    /// <summary>
    /// A database on a second cluster of its own (always embedded, started on first use): for newsrooms placed in
    /// databases of their own, on another server than the main database's.
    /// </summary>
    public static async Task<string> CreateDatabaseOnSecondServer(string? prefix = null) => await CreateDatabaseOn(await SecondServer.Value, prefix);

    private static async Task<string> CreateDatabaseOn(string server, string? prefix)
    {
        var name = $"{Sanitise(prefix ?? "test")}_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        Created.Enqueue(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // Someone else's server: leave it as we found it.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropCreatedDatabases(configured);
            return configured;
        }

        return await StartEmbeddedAsync();
    }

    private static async Task<string> StartEmbeddedAsync()
    {
        var folder = TempDirectory.Create();
        var cluster = await EmbeddedPostgres.StartAsync(Path.Combine(folder.Path, "postgres"), forTests: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ShutDown(cluster.DataDirectory, folder);
        return cluster.ConnectionString;
    }

    // vstest kills the test host about 100 ms after the run (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), too soon for pg_ctl
    // stop. A signal is instant: SIGINT asks the postmaster for a fast shutdown, which it completes without us.
    // If we are killed before the folder is deleted, the next run's TempDirectory sweep deletes it.
    private static void ShutDown(string dataDirectory, TempDirectory folder)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || kill(pid, SigInt) != 0)
        {
            return;
        }

        for (var i = 0; i < 100 && File.Exists(pidFile); i++)
        {
            Thread.Sleep(50);
        }

        if (!File.Exists(pidFile))
        {
            folder.Dispose();
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static void DropCreatedDatabases(string server)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            while (Created.TryDequeue(out var name))
            {
                using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // Exit-time tidying must not turn a green run red.
        }
    }

    private static string Sanitise(string prefix)
    {
        var name = NonIdentifier().Replace(prefix.ToLowerInvariant(), "_");
        return name.Length > 40 ? name[..40] : name;
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NonIdentifier();
}
