using System.Diagnostics;

namespace Tracker.EventStore.Embedded;

/// <summary>
/// Serialises starts on one data directory, across processes too (an exclusive FileStream takes an flock), so two
/// app instances never both run initdb or pg_ctl start on it. Lives beside the data directory: initdb wants it empty.
/// </summary>
internal static class StartupLock
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task<IDisposable> AcquireAsync(string dataDirectory, CancellationToken ct)
    {
        var path = dataDirectory + ".lock";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < Patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
