namespace Tracker.EventStore.Embedded;

/// <summary>
/// Who is using a cluster: every instance holds a shared flock on "&lt;data directory&gt;.users" while it lives. The last
/// one out can take the lock exclusively and stops the server; anyone else leaves it to the others still using it (the
/// app beside a CLI verb). The kernel drops a dead process's lock, so a crash never keeps a cluster "in use".
/// Taken and tested only under <see cref="StartupLock"/>, so nobody joins while the last one out is stopping it.
/// </summary>
internal static class ClusterUsers
{
    // Read access: .NET takes LOCK_SH for a shared open and skips LOCK_SH with write access on some file systems.
    public static FileStream Join(string dataDirectory) =>
        new(PathFor(dataDirectory), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);

    /// <summary>An exclusive hold when no other instance, in any process, uses the cluster; null while one does.</summary>
    public static FileStream? TryHoldAsLast(string dataDirectory)
    {
        try
        {
            return new FileStream(PathFor(dataDirectory), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string PathFor(string dataDirectory) => dataDirectory + ".users";
}
