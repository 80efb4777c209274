using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Tracker.EventStore.Embedded;

/// <summary>
/// A private PostgreSQL cluster in the app's data folder, started with the machine's own initdb and pg_ctl and
/// reachable only through a Unix socket. Data survives restarts; only <c>forTests</c> clusters give up durability.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string DatabaseName = "tracker";
    private const string SuperuserName = "tracker";
    private const int PgCtlWaitSeconds = 60;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(PgCtlWaitSeconds + 30);

    private readonly PostgresBinaries _binaries;
    private readonly ServerUser _user;
    private readonly ILogger _logger;
    private readonly bool _forTests;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _running;
    private FileStream? _membership;

    private EmbeddedPostgres(string dataDirectory, PostgresBinaries binaries, ServerUser user, ILogger logger, bool forTests)
    {
        DataDirectory = dataDirectory;
        // Beside the cluster, inside the app data folder ("<app data>/postgres.log"): initdb needs an empty
        // directory, and the log must outlive a cluster someone moves away to start afresh.
        LogFile = dataDirectory + ".log";
        SocketDir = SocketDirectory.For(dataDirectory);
        _binaries = binaries;
        _user = user;
        _logger = logger;
        _forTests = forTests;
    }

    /// <summary>Npgsql connection string over the Unix socket: database "tracker", user "tracker".</summary>
    public string ConnectionString { get; private set; } = "";

    public string DataDirectory { get; }

    internal string LogFile { get; }

    internal string SocketDir { get; }

    /// <summary>
    /// Starts (creating it on first use) the cluster in <paramref name="dataDirectory"/>, or reuses the server already
    /// running there; disposing stops it only when no other instance, in this process or another, still uses it.
    /// <paramref name="forTests"/> turns off fsync, synchronous commit and full-page writes for
    /// throwaway clusters, so a crash may lose the last commits: never use it for data you want to keep. It comes
    /// last so that calls written against (dataDirectory, logger, ct) keep compiling.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(
        string dataDirectory, ILogger? logger = null, CancellationToken ct = default, bool forTests = false)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }

        logger ??= NullLogger.Instance;
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var binaries = PostgresBinaries.Locate();
        var user = await ServerUser.ResolveAsync(fullPath, logger, ct);
        var postgres = new EmbeddedPostgres(fullPath, binaries, user, logger, forTests);

        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        using (await StartupLock.AcquireAsync(fullPath, ct))
        {
            try
            {
                await postgres.StartOrReuseAsync(ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Files missing (a half copy, a damaged disk) or not readable (another owner, a full disk): the operator's to
                // fix. Only missing files call for a backup; the others are fixed where they are.
                var advice = e is FileNotFoundException or DirectoryNotFoundException
                    ? " Restore the folder from a backup, or move it away to start a new, empty one."
                    : "";
                throw new EmbeddedPostgresException($"The PostgreSQL cluster in {fullPath} cannot be started: {e.Message}{advice}", e);
            }
            postgres._membership = ClusterUsers.Join(fullPath);
        }

        return postgres;
    }

    /// <summary>
    /// Stops the server (<c>pg_ctl stop -m fast</c>: sessions are ended, a clean checkpoint is written), even while others
    /// use it: for tests and tools that mean it. Idempotent. Disposing is the polite way out.
    /// </summary>
    public Task StopAsync(CancellationToken ct = default) => StopOnceAsync("fast", ct);

    /// <summary>Stops the server without a shutdown checkpoint, as a crash would; the next start runs recovery.</summary>
    public Task StopImmediateAsync() => StopOnceAsync("immediate", CancellationToken.None);

    /// <summary>Starts the server again on the same data (stopping it first if it is running).</summary>
    public async Task RestartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_running)
            {
                await StopServerAsync("fast", CancellationToken.None);
            }

            await SocketDirectory.PrepareAsync(SocketDir, DataDirectory, _user, CancellationToken.None);
            await StartServerAsync(CancellationToken.None);
            _running = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Leaves the cluster, stopping it only when this was its last user: a CLI verb run beside the app must not take the
    /// app's database away (it used to, and the app answered 503 until restarted).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_membership is null)
            {
                return;
            }

            await _membership.DisposeAsync();
            _membership = null;
            if (!_running)
            {
                return;
            }

            _running = false;
            using (await StartupLock.AcquireAsync(DataDirectory, CancellationToken.None))
            {
                using var last = ClusterUsers.TryHoldAsLast(DataDirectory);
                if (last is null)
                {
                    _logger.LogInformation("Leaving PostgreSQL on {DataDirectory} running: another process still uses it.", DataDirectory);
                    return;
                }

                await StopServerAsync("fast", CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartOrReuseAsync(CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }

        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(LogFile))
        {
            await File.WriteAllTextAsync(LogFile, "", ct);
        }

        await _user.EnsureCanReachAsync(DataDirectory, _logger, ct);
        await SocketDirectory.PrepareAsync(SocketDir, DataDirectory, _user, ct);
        await _user.GiveOwnershipAsync([DataDirectory, LogFile], ct);

        var reused = await IsRunningAsync(ct);
        if (reused)
        {
            // Another instance's (the app's, beside this CLI verb), or left by a run that crashed: use it. Dispose stops it
            // only if nobody else uses it by then (ClusterUsers).
            _logger.LogInformation("Reusing the PostgreSQL server already running for {DataDirectory}.", DataDirectory);
            await WriteConfigAsync(ct);
            await PgCtlAsync("reload", ["reload", "-D", DataDirectory], ct);
        }
        else
        {
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                await InitAsync(ct);
            }

            await WriteConfigAsync(ct);
            await StartServerAsync(ct);
        }

        try
        {
            await EnsureDatabaseAsync(reused, ct);
        }
        catch when (!reused)
        {
            // Nobody will hold an instance to stop the server we just started. (Never a reused one: its pid may be stale.)
            await TryStopAfterFailedStartAsync();
            throw;
        }

        _running = true;
    }

    private async Task TryStopAfterFailedStartAsync()
    {
        try
        {
            await StopServerAsync("fast", CancellationToken.None);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not stop the PostgreSQL server on {DataDirectory} after its start failed.", DataDirectory);
        }
    }

    // Called inline as `if (OperatingSystem.IsWindows()) throw ...` so the platform analyzer sees the guard.
    internal static PlatformNotSupportedException NotOnWindows() => new(
        "Tracker's embedded PostgreSQL needs Unix sockets and runs on Linux and macOS. On Windows point Tracker at a server: ConnectionStrings__Tracker=Host=...;Username=...;Password=...;Database=...");

    private async Task InitAsync(CancellationToken ct)
    {
        _logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory} with {Initdb}.", DataDirectory, _binaries.Initdb);
        List<string> arguments =
        [
            "-D", DataDirectory,
            "-U", SuperuserName,
            "-E", "UTF8",
            // Byte-order collation: identical on every machine, and no index corruption when an OS upgrade changes locales.
            "--locale=C",
            // Only the server's own account (and root) can reach the 0700 socket, so trust is not an open door.
            "--auth=trust",
        ];
        if (_forTests)
        {
            arguments.Add("--no-sync");
        }

        var result = await _user.RunAsync(_binaries.Initdb, arguments, TimeSpan.FromMinutes(3), ct);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb could not create a PostgreSQL cluster in {DataDirectory}. {result.Describe()}");
        }
    }

    private async Task WriteConfigAsync(CancellationToken ct)
    {
        var config = ClusterConfig.Write(DataDirectory, SocketDir, _forTests);
        await _user.GiveOwnershipAsync([config], ct);
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        _logger.LogInformation("Starting PostgreSQL on {DataDirectory} (log: {LogFile}).", DataDirectory, LogFile);
        // A postmaster.pid left by a crash is fine: the server sees its pid is gone and takes over the lock file.
        await PgCtlAsync("start", ["start", "-w", "-t", $"{PgCtlWaitSeconds}", "-D", DataDirectory, "-l", LogFile], ct);
        ClearIdleConnections();
    }

    private async Task StopOnceAsync(string mode, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_running)
            {
                await StopServerAsync(mode, ct);
                _running = false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopServerAsync(string mode, CancellationToken ct)
    {
        _logger.LogInformation("Stopping PostgreSQL on {DataDirectory} ({Mode}).", DataDirectory, mode);
        var result = await _user.RunAsync(_binaries.PgCtl, ["stop", "-m", mode, "-w", "-t", $"{PgCtlWaitSeconds}", "-D", DataDirectory], ToolTimeout, ct);
        // Already stopped by someone else (another instance sharing it, or by hand) is what we wanted.
        if (!result.Succeeded && await IsRunningAsync(ct))
        {
            throw Failure("pg_ctl stop", result);
        }

        ClearIdleConnections();
    }

    // After a stop, or a start following a crash, idle pooled connections point at a server that is gone.
    private void ClearIdleConnections()
    {
        if (ConnectionString.Length > 0)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        var result = await _user.RunAsync(_binaries.PgCtl, ["status", "-D", DataDirectory], ToolTimeout, ct);
        return result.ExitCode switch
        {
            0 => true,
            3 or 4 => false, // not running; no (accessible) data directory
            _ => throw Failure("pg_ctl status", result),
        };
    }

    private async Task PgCtlAsync(string what, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await _user.RunAsync(_binaries.PgCtl, arguments, ToolTimeout, ct);
        if (!result.Succeeded)
        {
            throw Failure($"pg_ctl {what}", result);
        }
    }

    private async Task EnsureDatabaseAsync(bool reused, CancellationToken ct)
    {
        var pidFile = PostmasterPidFile.TryRead(DataDirectory);
        if (pidFile is null || pidFile.SocketDirectory.Length == 0)
        {
            throw new EmbeddedPostgresException(
                $"The PostgreSQL server for {DataDirectory} is running but its postmaster.pid names no Unix socket folder; Tracker's embedded server connects only through one.");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = pidFile.SocketDirectory,
            Port = pidFile.Port,
            Database = DatabaseName,
            Username = SuperuserName,
        }.ConnectionString;
        // A server we just started: connections pooled for this same string by an earlier instance are dead.
        if (!reused)
        {
            ClearIdleConnections();
        }

        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        try
        {
            await OpenWhenReadyAsync(connection, ct);
        }
        catch (Exception e) when (reused && e is NpgsqlException)
        {
            // pg_ctl trusts the pid in postmaster.pid; after a reboot that pid may belong to another program.
            throw new EmbeddedPostgresException(
                $"pg_ctl reports a PostgreSQL server running for {DataDirectory} (pid {pidFile.Pid} in postmaster.pid), but it does not answer on {pidFile.SocketDirectory}. " +
                "If no postgres process has that pid, the file is stale and the pid belongs to another program: make sure no server uses this data directory, then remove postmaster.pid.",
                e);
        }

        await using var exists = new NpgsqlCommand("select exists (select from pg_database where datname = $1)", connection);
        exists.Parameters.AddWithValue(DatabaseName);
        if ((bool)(await exists.ExecuteScalarAsync(ct))!)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"create database {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by another instance sharing this server.
        }
    }

    private static async Task OpenWhenReadyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // A reused server may still be starting up or recovering from the crash that orphaned it.
        var deadline = DateTime.UtcNow.AddSeconds(PgCtlWaitSeconds);
        while (true)
        {
            try
            {
                await connection.OpenAsync(ct);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CannotConnectNow && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private EmbeddedPostgresException Failure(string what, ProcessResult result) =>
        new($"{what} failed for the PostgreSQL cluster in {DataDirectory}. {result.Describe()}{LogTail()}");

    private string LogTail()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - 4096), SeekOrigin.Begin);
            var lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "" : $"\n--- last lines of {LogFile} ---\n{string.Join('\n', lines.TakeLast(20))}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
