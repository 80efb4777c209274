using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Cli;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Replay;
using Tracker.Tests.StoreGuarantees;
using Tracker.Tests.Support;

namespace Tracker.Tests.Replay;

/// <summary>The app's own daemon keeps the milestones, and the claim's time travel over HTTP reads through them.</summary>
public sealed class ReplayMilestonesDaemonTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task The_daemon_marks_every_hundredth_version_and_a_claim_read_as_it_stood_goes_through_it()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var story = (await checker.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Alberta produces about 84 percent of Canada's crude" })).Id();
        for (var version = 1; version < 130; version += 43)
            await app.Store.Append("newsroom", new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(version),
                [.. Enumerable.Range(version, 43).Select(i => (object)new ClaimTextCorrected($"Alberta produces {i} percent", "Checked again"))], Desk.Ada));
        await app.ProjectionsCaughtUp();

        await using (var cmd = app.Store.DataSource.CreateCommand($"select version from {ReplayMilestones.Table} where tenant_id = 'newsroom' and stream_id = $1"))
        {
            cmd.Parameters.Add(new() { Value = claim });
            (await cmd.ExecuteScalarAsync()).ShouldBe(100);
        }
        var then = await checker.GetFromJsonAsync<JsonElement>($"/api/claims/{claim}?version=120");
        then.GetProperty("text").GetString().ShouldBe("Alberta produces 119 percent");
        then.GetProperty("version").GetInt32().ShouldBe(120);

        // `tracker rebuild replay_milestones` empties the table and makes every milestone again, the same.
        var before = await Milestones();
        before.Count.ShouldBeGreaterThanOrEqualTo(1);
        var daemon = app.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await RebuildVerb.Run(daemon, app.Store, ReplayMilestones.ProjectionName);
        await app.ProjectionsCaughtUp();
        (await Milestones()).ShouldBe(before);
    }

    private async Task<List<string>> Milestones()
    {
        await using var cmd = app.Store.DataSource.CreateCommand($"select t::text from {ReplayMilestones.Table} t order by tenant_id, stream_id, version");
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
