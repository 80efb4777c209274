using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Tests.Support;
using static Tracker.Tests.Support.ClusterSql;

namespace Tracker.Tests.Newsrooms;

/// <summary>
/// A newsroom in a database of its own, on a second PostgreSQL cluster, beside newsrooms in the main database on the
/// first: where each one's events are, and that its read models, exports, verify and checkpoints come from its own.
/// </summary>
public sealed class PlacedNewsroomTests(PlacedNewsroomApp app) : IClassFixture<PlacedNewsroomApp>
{
    private const string S = TrackerStore.Schema;

    [Fact]
    public async Task Each_newsrooms_events_live_only_in_its_own_database()
    {
        var (_, account) = await app.As(Role.Reporter);
        await Newsroom.Seed(app, account);
        var other = await app.OtherNewsroom(Role.Factchecker);
        await other.Post("/api/stories", new { title = "A story of the other desk", summary = "Kept in the main database" });

        var placedTenants = await Strings(app.OwnDatabase, $"select distinct tenant_id from {S}.mt_events");
        placedTenants.ShouldBe([PlacedNewsroomApp.Slug]);
        var mainTenants = await Strings(app.ConnectionString, $"select distinct tenant_id from {S}.mt_events");
        mainTenants.ShouldNotBeEmpty();
        mainTenants.ShouldNotContain(PlacedNewsroomApp.Slug);
        // Read models and accounts follow the events.
        (await Strings(app.OwnDatabase, $"select distinct tenant_id from {S}.accounts")).ShouldBe([PlacedNewsroomApp.Slug]);
        (await Strings(app.ConnectionString, $"select distinct tenant_id from {S}.accounts")).ShouldNotContain(PlacedNewsroomApp.Slug);
        (await Strings(app.ConnectionString, $"select slug from {S}.newsrooms")).ShouldNotContain(PlacedNewsroomApp.Slug);
    }

    [Fact]
    public async Task The_placed_newsroom_replays_exports_verifies_and_checkpoints_from_its_own_database()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var seeds = await Newsroom.Seed(app, reporter);
        var (_, editor) = await app.As(Role.Editor);
        await app.ProjectionsCaughtUp();

        // The story timeline is an async read model: the daemon keeps it in the placed database too.
        var timeline = await app.GetJson(editor.Token, $"/api/stories/{seeds.StoryId}/timeline");
        timeline.GetProperty("entries").GetArrayLength().ShouldBeGreaterThan(0);
        (await Count(app.OwnDatabase, $"select count(*) from {S}.story_timeline where story_id = '{seeds.StoryId}'")).ShouldBeGreaterThan(0);

        var exported = (await app.GetText(editor.Token, "/api/export/events.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        exported.Length.ShouldBe((int)await Count(app.OwnDatabase, $"select count(*) from {S}.mt_events where tenant_id = '{PlacedNewsroomApp.Slug}' and type <> 'tombstone'"));
        exported.ShouldAllBe(line => JsonDocument.Parse(line).RootElement.GetProperty("tenant").GetString() == PlacedNewsroomApp.Slug);

        var checkpoint = await app.PostJson(editor.Token, "/api/audit/checkpoints", new { }, 201);
        (await Count(app.OwnDatabase, $"select count(*) from {Tracker.Audit.Checkpoints.CheckpointTable.Name} where newsroom = '{PlacedNewsroomApp.Slug}'")).ShouldBeGreaterThan(0);
        var verified = await app.GetJson(editor.Token, "/api/audit/verify");
        verified.GetProperty("ok").GetBoolean().ShouldBeTrue(verified.ToString());
        verified.GetProperty("events").GetInt64().ShouldBe(exported.Length);
        verified.GetProperty("root").GetString().ShouldNotBeNullOrEmpty();
        checkpoint.GetProperty("newsroom").GetString().ShouldBe(PlacedNewsroomApp.Slug);
    }

    [Fact]
    public async Task Claim_search_finds_the_placed_newsrooms_claims_and_no_others()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        // One made-up word (letters only, so the search treats it as a word) that no other test writes.
        var word = "zanzi" + string.Concat(Guid.NewGuid().ToByteArray()[..6].Select(b => (char)('a' + b % 26)));
        var here = (await checker.Post("/api/stories", new { title = "Here", summary = "The placed database" })).Id();
        await checker.Post($"/api/stories/{here}/claims", new { text = $"The {word} officials met three times" });
        var other = await app.OtherNewsroom(Role.Factchecker);
        var elsewhere = (await other.Post("/api/stories", new { title = "Elsewhere", summary = "The main database" })).Id();
        await other.Post($"/api/stories/{elsewhere}/claims", new { text = $"The {word} officials met nobody" });

        // claim_search is kept by the daemon; the list waits for it in the newsroom's own database.
        var found = await app.GetJson((await app.As(Role.Reporter)).Item2.Token, $"/api/claims?q={word}");
        found.GetProperty("total").GetInt32().ShouldBe(1, found.ToString());
        found.ToString().ShouldContain("met three times");
        found.ToString().ShouldNotContain("met nobody");
    }

    [Fact]
    public async Task Health_reports_no_lag_once_every_database_has_caught_up_whichever_holds_more_events()
    {
        // The databases' sequences differ: each database's lag is measured against its own projections' progress.
        var other = await app.OtherNewsroom(Role.Factchecker);
        for (var i = 0; i < 12; i++) await other.Post("/api/stories", new { title = $"Main database story {i}", summary = "More events here" });
        var (checker, _) = await app.As(Role.Factchecker);
        await checker.Post("/api/stories", new { title = "Placed story", summary = "Fewer events here" });
        await app.ProjectionsCaughtUp();

        var health = await (await app.Scenario(s => s.Get.Url("/health"))).ReadAs<JsonElement>();
        foreach (var projection in health.GetProperty("projections").EnumerateArray())
            projection.GetProperty("pendingEvents").GetInt64().ShouldBe(0, health.ToString());
    }

    [Fact]
    public async Task A_token_is_looked_up_first_in_the_database_it_was_found_in_and_its_roles_are_still_read_each_time()
    {
        var (_, placed) = await app.As(Role.Reporter);
        var other = await app.GetJson<Tracker.Accounts.Me>(await OtherNewsroomToken(), "/api/me");
        (await app.GetJson<Tracker.Accounts.Me>(placed.Token, "/api/me")).Id.ShouldBe(placed.Id, "found in its own database");

        // The main database now answers for the same token too, for an account of a newsroom it holds (which it may
        // vouch for). Asked first, it would win; the placed database, where the token was found, is asked first.
        await Execute(app.ConnectionString, $"insert into {S}.account_tokens (hash, token_id, tenant_id, account_id, issued) values ($1, $2, $3, $4, now())",
            Tracker.Accounts.ApiToken.Hash(placed.Token), Guid.NewGuid(), other.Newsroom, other.Id);
        (await app.GetJson<Tracker.Accounts.Me>(placed.Token, "/api/me")).Id.ShouldBe(placed.Id);
        await Execute(app.ConnectionString, $"delete from {S}.account_tokens where hash = $1", Tracker.Accounts.ApiToken.Hash(placed.Token));

        // Only the order is kept: a role granted, and then the token revoked, count from the next request.
        await app.PostJson(app.Admin.Token(), $"/api/accounts/{placed.Id}/roles", new { roles = new[] { "reporter", "editor" } });
        (await app.GetJson<Tracker.Accounts.Me>(placed.Token, "/api/me")).Roles.ShouldContain(Role.Editor);
        await app.PostJson(placed.Token, $"/api/me/tokens/{placed.TokenId}/revoke", new { }, 200);
        await app.Scenario(s =>
        {
            s.WithBearerToken(placed.Token);
            s.Get.Url("/api/me");
            s.StatusCodeShouldBe(401);
        });
    }

    private async Task<string> OtherNewsroomToken()
    {
        var client = await app.OtherNewsroom(Role.Reporter);
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }
}
