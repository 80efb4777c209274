namespace Tracker.EventStore.Embedded;

/// <summary>
/// What a running server wrote to postmaster.pid: its pid, port and first socket folder. Read it rather than
/// assume our settings, so a server someone started differently is still reached where it actually listens.
/// </summary>
internal sealed record PostmasterPidFile(int Pid, int Port, string SocketDirectory)
{
    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // Lines: pid, data directory, start time, port, first socket directory, listen address, shmem key, status.
        return lines.Length >= 5 && int.TryParse(lines[0], out var pid) && int.TryParse(lines[3], out var port)
            ? new PostmasterPidFile(pid, port, lines[4].Trim())
            : null;
    }
}
