using System.Diagnostics;
using Tracker.EventStore.Embedded;

namespace Tracker.Testing;

/// <summary>
/// A scratch folder named after this test process ("tracker-test-&lt;pid&gt;-..."), so that a later run can stop the
/// clusters of a run that was killed before it could clean up, and delete its folders.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private const string Prefix = "tracker-test-";
    private static readonly Lazy<bool> Swept = new(() =>
    {
        // Off the test's synchronisation context: blocking on it could starve xunit's workers.
        Task.Run(SweepOrphansAsync).GetAwaiter().GetResult();
        return true;
    });

    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create()
    {
        _ = Swept.Value;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    public void Dispose() => TryDelete(Path);

    private static async Task SweepOrphansAsync()
    {
        foreach (var folder in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            var name = System.IO.Path.GetFileName(folder)[Prefix.Length..];
            if (!int.TryParse(name.Split('-')[0], out var pid) || IsAlive(pid))
            {
                continue;
            }

            var pidFiles = Directory.EnumerateFiles(
                folder, "postmaster.pid", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });
            foreach (var pidFile in pidFiles.ToList())
            {
                try
                {
                    // Through the public API, which reuses a running server and stops it on dispose.
                    await using var orphan = await EmbeddedPostgres.StartAsync(System.IO.Path.GetDirectoryName(pidFile)!, forTests: true);
                }
                catch (Exception)
                {
                    // Best effort: a broken leftover must not fail this run.
                }
            }

            TryDelete(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's leftovers, or a file still held: not worth failing a test over.
        }
    }
}
