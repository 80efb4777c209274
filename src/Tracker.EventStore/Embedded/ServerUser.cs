using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Tracker.EventStore.Embedded;

/// <summary>
/// The OS account that runs initdb, pg_ctl and the server. PostgreSQL refuses to run as root, so a root
/// process hands them to an unprivileged system account through runuser; anyone else runs them directly.
/// </summary>
internal sealed class ServerUser
{
    public const string FallbackAccount = "tracker-pg";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private ServerUser(string? account) => Account = account;

    /// <summary>The account switched to, or null when the current (non-root) user runs the tools itself.</summary>
    public string? Account { get; }

    public static bool CurrentIsRoot
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return false;
            }

            try
            {
                return geteuid() == 0;
            }
            catch (DllNotFoundException)
            {
                return Environment.UserName == "root";
            }
        }
    }

    public static async Task<ServerUser> ResolveAsync(string dataDirectory, ILogger logger, CancellationToken ct)
    {
        if (!CurrentIsRoot)
        {
            return new ServerUser(null);
        }

        // An existing cluster keeps the account that created it: chowning a running cluster would break it.
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            var owner = await ProcessRunner.RunAsync("stat", ["-c", "%U", "--", dataDirectory], ToolTimeout, ct);
            var name = owner.StandardOutput.Trim();
            if (owner.Succeeded && name is not ("" or "root" or "UNKNOWN"))
            {
                return new ServerUser(name);
            }
        }

        if (await ExistsAsync("postgres", ct))
        {
            return new ServerUser("postgres");
        }

        if (!await ExistsAsync(FallbackAccount, ct))
        {
            logger.LogInformation("Running as root: creating system user {Account} to run PostgreSQL, which refuses to run as root.", FallbackAccount);
            var created = await ProcessRunner.RunAsync(
                Tool("useradd"), ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FallbackAccount], ToolTimeout, ct);
            // A concurrent start may have created it first.
            if (!created.Succeeded && !await ExistsAsync(FallbackAccount, ct))
            {
                throw new InvalidOperationException($"Could not create the system user {FallbackAccount} to run PostgreSQL as. {created.Describe()}");
            }
        }

        return new ServerUser(FallbackAccount);
    }

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct) =>
        Account is null
            ? ProcessRunner.RunAsync(fileName, arguments, timeout, ct)
            : ProcessRunner.RunAsync(Tool("runuser"), ["-u", Account, "--", fileName, .. arguments], timeout, ct);

    /// <summary>Makes the server account own these paths (not recursively: initdb creates the rest as that account).</summary>
    public async Task GiveOwnershipAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        if (Account is null)
        {
            return;
        }

        var result = await ProcessRunner.RunAsync("chown", [$"{Account}:", "--", .. paths], ToolTimeout, ct);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not hand {string.Join(", ", paths)} to the PostgreSQL user {Account}. {result.Describe()}");
        }
    }

    /// <summary>
    /// Lets the server account walk down to <paramref name="path"/>: where an ancestor (such as /root, mode 0700) bars it,
    /// add the traverse bit for others (o+x, never read) to exactly that ancestor, and say so.
    /// </summary>
    public async Task EnsureCanReachAsync(string path, ILogger logger, CancellationToken ct)
    {
        if (Account is null || OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var ancestor in AncestorsTopDown(path))
        {
            var mode = File.GetUnixFileMode(ancestor);
            if ((mode & UnixFileMode.OtherExecute) != 0)
            {
                continue;
            }

            // Group membership may already let it through; only the account itself can tell.
            var probe = await RunAsync("test", ["-x", ancestor], ToolTimeout, ct);
            if (probe.Succeeded)
            {
                continue;
            }

            File.SetUnixFileMode(ancestor, mode | UnixFileMode.OtherExecute);
            logger.LogWarning(
                "Added the traverse permission (o+x, not read) to {Directory} so that the PostgreSQL user {Account} can reach its data in {Path}.",
                ancestor, Account, path);
        }
    }

    private static IEnumerable<string> AncestorsTopDown(string path)
    {
        var ancestors = new List<string>();
        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            ancestors.Add(dir);
        }

        ancestors.Reverse();
        return ancestors;
    }

    private static async Task<bool> ExistsAsync(string account, CancellationToken ct) =>
        (await ProcessRunner.RunAsync("id", ["-u", account], ToolTimeout, ct)).Succeeded;

    // sbin is not always on PATH (e.g. `su` without `-`), but runuser and useradd live there.
    private static string Tool(string name)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return candidates.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"Running as root, Tracker needs `{name}` (util-linux/shadow) to run PostgreSQL as an unprivileged user, which PostgreSQL requires. Install it, or run Tracker as an ordinary user.");
    }

    // DllImport rather than LibraryImport: the latter would need unsafe code enabled for the whole project.
    [DllImport("libc")]
    private static extern uint geteuid();
}
