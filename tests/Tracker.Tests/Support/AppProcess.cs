using Tracker.Hosting;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Tracker.Tests.Support;

/// <summary>
/// The built app (tracker.dll) as a real process, listening on a free loopback port, as a person or a
/// load balancer would see it. Started and waited for until /health answers.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private readonly StringBuilder output = new();

    private AppProcess(Process process, int port)
    {
        Process = process;
        Port = port;
    }

    public Process Process { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What the app wrote to stdout and stderr so far: the first thing to read when a test fails.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>
    /// Starts the app with this data folder. Without <paramref name="connectionString"/> it uses its embedded
    /// PostgreSQL; either way the test's own ConnectionStrings__Tracker is not passed on.
    /// </summary>
    /// <param name="home">A home folder of its own, so nothing is shared through the user's (ASP.NET's default key folder is there).</param>
    /// <param name="port">A port of the test's choosing (one it holds, say); otherwise a free one.</param>
    /// <param name="settings">Configuration for the app (a webhook address, say), passed as environment variables.</param>
    public static async Task<AppProcess> Start(string data, string? connectionString = null, string? home = null, int? port = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet", [AppPath(), $"--urls=http://127.0.0.1:{port}", $"--data={data}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ConnectionStrings__Tracker");
        start.Environment.Remove("TRACKER_DATA");
        if (home is not null) start.Environment["HOME"] = home;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__")] = value;
        if (connectionString is not null)
        {
            await DatabaseRoles.Ensure(connectionString);
            start.Environment["ConnectionStrings__Tracker"] = DatabaseRoles.As(connectionString, DatabaseRoles.App);
            start.Environment["ConnectionStrings__TrackerOwner"] = DatabaseRoles.As(connectionString, DatabaseRoles.Owner);
        }
        var app = new AppProcess(Process.Start(start)!, port.Value);
        app.Process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app.Process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app.Process.BeginOutputReadLine();
        app.Process.BeginErrorReadLine();
        try
        {
            await app.WaitForHealth(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>
    /// A CLI verb as a shell runs it: its own process on <paramref name="data"/>, the test's connection string not passed
    /// on, stdout and stderr kept apart, at most 90 s.
    /// </summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunVerb(string[] args, string data,
        IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", [AppPath(), .. args, "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment.Remove("ConnectionStrings__Tracker");
        start.Environment.Remove("TRACKER_DATA");
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public HttpClient Client(string? token = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGINT, as Ctrl-C sends; returns the exit code (killing the process if it does not stop in time).</summary>
    public int Interrupt(TimeSpan wait)
    {
        if (!Process.HasExited) kill(Process.Id, SigInt);
        if (!Process.WaitForExit(wait))
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        return Process.ExitCode;
    }

    /// <summary>As a crash or an OOM killer would: no shutdown, sessions end when the kernel closes the sockets.</summary>
    public void Kill()
    {
        Process.Kill(entireProcessTree: true);
        Process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private async Task WaitForHealth(TimeSpan timeout)
    {
        using var client = Client(timeout: TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                Process.WaitForExit(); // drains stdout and stderr, so the reason it gave is in Output
                throw new InvalidOperationException("The app exited: " + Output);
            }
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not answer /health within {timeout.TotalSeconds} s: " + Output);
    }

    private void Append(string? line)
    {
        lock (output) output.AppendLine(line);
    }

    /// <summary>The app as built beside this test project (the test project references it, so it is built first).</summary>
    public static string AppPath()
    {
        var here = AppContext.BaseDirectory; // tests/Tracker.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "..", "src", "Tracker", "bin", configuration, "net10.0", "tracker.dll"));
        File.Exists(path).ShouldBeTrue(path);
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        Process.Dispose();
        return ValueTask.CompletedTask;
    }
}
