namespace Tracker.Hosting;

/// <summary>A second app on a data folder whose embedded cluster another app already serves.</summary>
public sealed class DataFolderInUseException(string folder) : Exception(
    $"Another Tracker app is already serving the data folder {folder}. Stop it first, or give this one its own folder with --data. " +
    "Verbs such as verify, export or accounts may run beside it.");

/// <summary>
/// One app serves a data folder's embedded cluster at a time: it holds an exclusive flock on "serving.lock" until it
/// stops (the kernel drops it if the app dies). A second app used to share the cluster and then stop it on its way out.
/// </summary>
public static class ServingLock
{
    public const string FileName = "serving.lock";

    public static IDisposable Take(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataFolderInUseException(folder);
        }
    }
}
