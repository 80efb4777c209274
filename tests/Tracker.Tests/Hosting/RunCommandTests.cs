using System.Net;
using System.Text.Json;
using Tracker.Tests.Support;

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

    [Fact]
    public async Task A_port_already_taken_is_said_in_one_line_and_the_cluster_is_stopped()
    {
        using var other = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var taken = ((IPEndPoint)other.LocalEndpoint).Port;

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => AppProcess.Start(data, port: taken));

        refused.Message.ShouldContain("The app exited");
        refused.Message.ShouldContain($"Failed to bind to address http://127.0.0.1:{taken}: address already in use");
        refused.Message.ShouldNotContain("Unhandled exception");
        // Not asserted: Marten's daemon, stopped mid-start, may log an ObjectDisposedException with its stack
        // (JasperFx/jasperfx#557, fixed after the JasperFx.Events that Marten 9.62 brings).
        File.Exists(Path.Combine(data, "postgres", "postmaster.pid")).ShouldBeFalse("the embedded cluster it started is stopped again");
    }

    private async Task<string> RunOnce(Func<HttpClient, int, Task<string>> whileRunning)
    {
        await using var app = await AppProcess.Start(data);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            return await whileRunning(client, app.Port);
        }
        finally
        {
            app.Interrupt(TimeSpan.FromSeconds(30)).ShouldBe(0, app.Output);
            // A normal stop is quiet: no connection ended under the daemon as the cluster stops.
            app.Output.ShouldNotContain("57P01");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
