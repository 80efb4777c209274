using System.Security.Cryptography;
using System.Text;

namespace Tracker.EventStore.Embedded;

/// <summary>Where the cluster's Unix socket lives: in its data directory when the path fits, else a short private folder under /tmp.</summary>
internal static class SocketDirectory
{
    // The socket's file name carries the port; with no TCP listener there is nothing to collide with.
    public const int Port = 5432;

    // sockaddr_un.sun_path holds 108 bytes on Linux and 104 on macOS/BSD, the terminating NUL included.
    private static int MaxSocketPathBytes => OperatingSystem.IsLinux() ? 107 : 103;

    public static string For(string dataDirectory)
    {
        var socketPath = Path.Combine(dataDirectory, $".s.PGSQL.{Port}");
        if (Encoding.UTF8.GetByteCount(socketPath) <= MaxSocketPathBytes)
        {
            return dataDirectory;
        }

        // Named after the data directory, so distinct clusters never share a socket and one cluster always gets the same.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16];
        return $"/tmp/tracker-pg-{hash}";
    }

    /// <summary>Creates a /tmp socket folder private to the server account (mode 0700); the data directory needs nothing.</summary>
    public static async Task PrepareAsync(string socketDirectory, string dataDirectory, ServerUser user, CancellationToken ct)
    {
        if (socketDirectory == dataDirectory)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            throw EmbeddedPostgres.NotOnWindows();
        }

        // /tmp is shared: never follow a link someone else planted under our name.
        if (new DirectoryInfo(socketDirectory) is { Exists: true, LinkTarget: not null })
        {
            throw new InvalidOperationException($"{socketDirectory} is a symbolic link; Tracker will not put its PostgreSQL socket there. Remove it and start again.");
        }

        Directory.CreateDirectory(socketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(socketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await user.GiveOwnershipAsync([socketDirectory], ct);
    }
}
