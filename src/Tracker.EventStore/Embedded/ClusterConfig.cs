namespace Tracker.EventStore.Embedded;

/// <summary>
/// Tracker's server settings, kept in their own file included from postgresql.conf, so a server started by hand
/// (<c>pg_ctl -D ... start</c>) listens the same way. Rewritten at every start: the socket folder follows the
/// data directory, and durability follows the caller (test clusters trade it for speed, app data never does).
/// </summary>
internal static class ClusterConfig
{
    public const string FileName = "tracker.conf";

    public static string Write(string dataDirectory, string socketDirectory, bool forTests)
    {
        List<string> lines =
        [
            "# Written by Tracker at every start. To override a setting use ALTER SYSTEM (postgresql.auto.conf is read after this file).",
            "listen_addresses = ''",
            $"port = {SocketDirectory.Port}",
            $"unix_socket_directories = '{socketDirectory.Replace("'", "''")}'",
            "unix_socket_permissions = 0700",
        ];
        if (forTests)
        {
            lines.Add("# A throwaway test cluster: losing it in a power cut costs nothing.");
            lines.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
            // Test classes run in parallel, each with its own pool, and the race tests open 50 or more at once.
            lines.Add("max_connections = 300");
        }

        var path = Path.Combine(dataDirectory, FileName);
        File.WriteAllLines(path, lines);

        var mainConfig = Path.Combine(dataDirectory, "postgresql.conf");
        var include = $"include_if_exists '{FileName}'";
        if (!File.ReadLines(mainConfig).Any(line => line.Trim() == include))
        {
            // Last in the file, so it wins over initdb's defaults above it.
            File.AppendAllText(mainConfig, $"\n# Tracker's embedded-server settings (Unix socket only, durability).\n{include}\n");
        }

        return path;
    }
}
