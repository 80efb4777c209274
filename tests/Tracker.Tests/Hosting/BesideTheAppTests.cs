using System.Net;
using Tracker.Cli;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Hosting;

/// <summary>
/// Issue 17, item 4: an operator runs verbs beside the running app on its data folder. They share the app's embedded
/// PostgreSQL and leave it running (they used to stop it, and the app answered 503 until restarted by hand); a second
/// app on the same folder is refused in one line instead of taking the cluster away.
/// </summary>
public sealed class BesideTheAppTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-beside-").FullName;
    private AppProcess app = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        app = await AppProcess.Start(data);
        admin = app.Client((await File.ReadAllTextAsync(Path.Combine(data, FirstStart.TokenFile))).Trim());
    }

    [Fact]
    public async Task Verbs_run_beside_the_app_leave_its_database_running()
    {
        var projection = Features.AsyncProjections()[0].Name;
        string[][] verbs =
        [
            ["verify"],
            ["accounts", "list"],
            ["accounts", "add", "Vera Verb", "--role", "reporter"],
            ["export", "events", "--out", Path.Combine(data, "events.ndjson")],
            ["rebuild", projection],
            ["tokens", "revoke", Guid.NewGuid().ToString()], // unknown id: still opens the database, then says so
            ["demo"],
        ];
        foreach (var verb in verbs)
        {
            await TrackerCli.Run([.. verb, "--data", data]);
            var me = await admin.GetAsync("/api/me");
            me.StatusCode.ShouldBe(HttpStatusCode.OK, $"after `tracker {string.Join(' ', verb)}`: {app.Output}");
        }

        File.Exists(Path.Combine(data, "postgres", "postmaster.pid")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_app_on_the_same_data_folder_is_refused_and_the_first_keeps_serving()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => AppProcess.Start(data));

        refused.Message.ShouldContain("The app exited");
        refused.Message.ShouldContain($"Another Tracker app is already serving the data folder {data}");
        refused.Message.ShouldNotContain("Unhandled exception");
        (await admin.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Output);
    }

    [Fact]
    public async Task The_app_still_stops_its_cluster_on_ctrl_c_after_a_verb_ran_beside_it()
    {
        (await TrackerCli.Run(["accounts", "list", "--data", data])).ShouldBe(0);

        app.Interrupt(TimeSpan.FromSeconds(30)).ShouldBe(0, app.Output);

        File.Exists(Path.Combine(data, "postgres", "postmaster.pid")).ShouldBeFalse("the last one out stops the cluster");
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        if (!app.Process.HasExited) app.Interrupt(TimeSpan.FromSeconds(30));
        await app.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
