using System.Diagnostics;
using Tracker.Tests.Support;

namespace Tracker.Tests.Hosting;

/// <summary>
/// The CLI as a shell script uses it: results alone on stdout, every log line and failure on stderr, no colour codes when
/// the output is not a terminal, and a non-zero exit when it fails.
/// </summary>
public sealed class CliStreamsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-cli-").FullName;

    [Fact]
    public async Task Results_go_to_stdout_logs_and_failures_to_stderr_without_colour()
    {
        var list = await Run("accounts", "list");
        list.Exit.ShouldBe(0, list.Stderr);
        list.Stdout.ShouldContain("admin");
        list.Stdout.ShouldNotContain("warn:", customMessage: "log lines are not results");
        list.Stdout.ShouldNotContain("Warning", customMessage: "nor is Marten's note on the daemon");
        list.Stderr.ShouldContain("First start", customMessage: "the first start is logged, on stderr");

        var revoke = await Run("tokens", "revoke", Guid.NewGuid().ToString());
        revoke.Exit.ShouldBe(1);
        revoke.Stdout.ShouldBeEmpty();
        revoke.Stderr.ShouldContain("No token with id");
        revoke.Stderr.ShouldNotContain("\u001b[", customMessage: "no colour codes when stderr is not a terminal");
    }

    private async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [AppProcess.AppPath(), .. args, "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ConnectionStrings__Tracker");
        start.Environment.Remove("TRACKER_DATA");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
