using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tracker.Tests.Hosting;

/// <summary>
/// The README's run command as a person would use it: no configuration, the embedded PostgreSQL in the
/// data folder, /health answering, Ctrl-C stopping the cluster, and data surviving a restart.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-run-").FullName;

    [Fact]
    public async Task The_app_starts_with_no_configuration_answers_health_and_stops_its_cluster_on_ctrl_c()
    {
        var firstToken = await RunOnce(async (client, port) =>
        {
            var health = JsonDocument.Parse(await client.GetStringAsync($"http://127.0.0.1:{port}/health")).RootElement;
            health.GetProperty("database").GetProperty("reachable").GetBoolean().ShouldBeTrue();
            return await File.ReadAllTextAsync(Path.Combine(data, "admin-token"));
        });
        File.Exists(Path.Combine(data, "postgres", "postmaster.pid")).ShouldBeFalse("Ctrl-C stops the embedded cluster");

        // A second run reuses the cluster: the first run's admin token still works, no second first-start.
        await RunOnce(async (client, port) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/me");
            request.Headers.Authorization = new("Bearer", firstToken.Trim());
            (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
            return "";
        });
    }

    private async Task<string> RunOnce(Func<HttpClient, int, Task<string>> whileRunning)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [AppPath(), $"--urls=http://127.0.0.1:{port}", $"--data={data}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ConnectionStrings__Tracker");
        start.Environment.Remove("TRACKER_DATA");
        using var app = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitForHealth(client, port, app, output);
            return await whileRunning(client, port);
        }
        finally
        {
            kill(app.Id, 2); // SIGINT, as Ctrl-C sends
            if (!app.WaitForExit(TimeSpan.FromSeconds(30))) app.Kill(entireProcessTree: true);
            app.ExitCode.ShouldBe(0, output.ToString());
        }
    }

    private static async Task WaitForHealth(HttpClient client, int port, Process app, System.Text.StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (app.HasExited) throw new InvalidOperationException("The app exited: " + output);
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The app did not answer /health within 60 s: " + output);
    }

    /// <summary>The app as built beside this test project (the test project references it, so it is built first).</summary>
    private static string AppPath()
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

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
