using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;
using static Tracker.Tests.Support.ClusterSql;

namespace Tracker.Tests.Newsrooms;

/// <summary>Two newsrooms placed in one database of their own, by the same connection string.</summary>
public sealed class TwoNewsroomsPlacedApp() : PlacedNewsroomApp([TwoNewsroomsPlacedApp.Second])
{
    public const string Second = "second-desk";
}

/// <summary>
/// Two newsrooms placed in the same database share it as conjoined tenants do in the main one: both are written there
/// and nowhere else, the daemon keeps both read models, and neither sees the other's stories, accounts or export.
/// </summary>
public sealed class SharedPlacementTests(TwoNewsroomsPlacedApp app) : IClassFixture<TwoNewsroomsPlacedApp>
{
    private const string S = TrackerStore.Schema;

    [Fact]
    public async Task Two_newsrooms_in_one_placed_database_are_kept_apart_there()
    {
        var (first, _) = await app.As(Role.Factchecker);
        var admin = await FirstStart.OpenNewsroom(app.Services, TwoNewsroomsPlacedApp.Second, "Second desk", CancellationToken.None);
        var secondChecker = await SignUp.Create(app.Client(admin.ShouldNotBeNull().Token), app.Client(), "Second desk checker", [Role.Factchecker, Role.Editor, Role.Auditor]);
        var second = app.Client(secondChecker.Token);
        var firstStory = (await first.Post("/api/stories", new { title = "First desk's story", summary = "Placed" })).Id();
        await first.Post($"/api/stories/{firstStory}/claims", new { text = "APP leaders met State Department officials" });
        var secondStory = (await second.Post("/api/stories", new { title = "Second desk's story", summary = "Placed beside it" })).Id();
        await second.Post($"/api/stories/{secondStory}/claims", new { text = "Alberta produces about 84 percent of Canada's crude" });

        (await Strings(app.OwnDatabase, $"select distinct tenant_id from {S}.mt_events")).ShouldBe([PlacedNewsroomApp.Slug, TwoNewsroomsPlacedApp.Second]);
        (await Strings(app.ConnectionString, $"select distinct tenant_id from {S}.mt_events")).ShouldNotContain(TwoNewsroomsPlacedApp.Second);

        // Each sees its own story, not the other's.
        var secondToken = secondChecker.Token;
        await app.Scenario(s =>
        {
            s.WithBearerToken(secondToken);
            s.Get.Url($"/api/stories/{firstStory}");
            s.StatusCodeShouldBe(404);
        });
        (await app.GetJson(secondToken, "/api/stories")).ToString().ShouldNotContain("First desk's story");
        (await app.GetJson(admin.Token, "/api/accounts")).EnumerateArray().ShouldAllBe(a => !a.GetProperty("name").GetString()!.StartsWith("Factchecker"));

        // The daemon of that database keeps both newsrooms' timelines.
        await app.ProjectionsCaughtUp();
        (await app.GetJson(secondToken, $"/api/stories/{secondStory}/timeline")).GetProperty("entries").GetArrayLength().ShouldBeGreaterThan(0);

        // The second desk's export holds its events only, and verifies.
        var exported = (await app.GetText(secondToken, "/api/export/events.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        exported.ShouldNotBeEmpty();
        exported.ShouldAllBe(line => JsonDocument.Parse(line).RootElement.GetProperty("tenant").GetString() == TwoNewsroomsPlacedApp.Second);
        (await app.GetJson(secondToken, "/api/audit/verify")).GetProperty("ok").GetBoolean().ShouldBeTrue();
    }
}
