using System.Diagnostics;

namespace Tracker.BrowserTests.Support;

/// <summary>
/// Finds Debian's Chromium, or installs it (as root, once per test run) so that the README's test command works
/// on a fresh machine. Playwright's own browser download needs the internet, which build machines lack.
/// </summary>
public static class Chromium
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("TRACKER_CHROMIUM") ?? BrowserFixture.ChromiumPath;
        if (File.Exists(path)) return path;
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"No Chromium at {path}: install it (sudo apt-get install chromium) or set TRACKER_CHROMIUM.");
        Run("apt-get", "update", "-qq");
        Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-liberation");
        return File.Exists(path) ? path : throw new InvalidOperationException($"apt-get installed chromium but {path} is still missing.");
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {error}{output.Result}");
    }
}
