using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.BrowserTests.Support;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Web;

namespace Tracker.BrowserTests;

/// <summary>
/// The workbench over plain HTTP with a signed-in session: another newsroom reaches nothing of this one, people
/// are sent to sign in while programs get problems, and the replay steps without any script.
/// </summary>
public sealed class WorkbenchIsolationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WorkbenchServer Server => fixture.Server;

    [Fact]
    public async Task Another_newsroom_gets_404_for_every_page_and_form_that_names_this_ones_records()
    {
        var (story, claim, verdict, source) = await GivenAStory();
        var stranger = await Server.Person("Stranger", Enum.GetValues<Role>(), await Server.OtherNewsroom());
        using var session = await Session.SignIn(Server, stranger);
        var token = await session.Token();
        var local = await Server.Person("Local", [Role.Reporter]);
        // A linked claim and a standing attribution, so the link and withdraw forms name records that exist here.
        var (other, _) = await Server.Desk.LogClaim(local, story, "APP leaders never met officials.", source, AttributionRole.Reporter, "never");
        await Server.Desk.Link(await Server.Person("Linker", [Role.Factchecker]), claim, other, LinkRelation.Contradicts, "opposite");
        var attribution = await Server.Desk.Attribute(local, claim, source, AttributionRole.Claimant, "three times");
        var requests = new Dictionary<string, (string Path, Dictionary<string, string>? Form)>
        {
            ["GET /stories/{id:guid}"] = ($"/stories/{story}", null),
            ["GET /stories/{id:guid}/replay"] = ($"/stories/{story}/replay?at=1&from=1&to=2", null),
            ["POST /stories/{id:guid}/claims"] = ($"/stories/{story}/claims", new() { ["claimId"] = Guid.NewGuid().ToString(), ["text"] = "A claim" }),
            ["POST /stories/{id:guid}/sources"] = ($"/stories/{story}/sources", new() { ["sourceId"] = Guid.NewGuid().ToString(), ["name"] = "FT", ["kind"] = "article" }),
            ["POST /stories/{id:guid}/title"] = ($"/stories/{story}/title", new() { ["title"] = "Another title", ["reason"] = "not yours" }),
            ["POST /stories/{id:guid}/summary"] = ($"/stories/{story}/summary", new() { ["summary"] = "Another summary", ["reason"] = "not yours" }),
            ["POST /stories/{id:guid}/close"] = ($"/stories/{story}/close", new() { ["note"] = "not yours" }),
            ["POST /stories/{id:guid}/reopen"] = ($"/stories/{story}/reopen", new() { ["reason"] = "not yours" }),
            ["GET /sources/{id:guid}"] = ($"/sources/{source}", null),
            ["POST /sources/{id:guid}/details"] = ($"/sources/{source}/details", new() { ["name"] = "Another name", ["reason"] = "not yours" }),
            ["POST /sources/{id:guid}/snapshots"] = ($"/sources/{source}/snapshots", new() { ["contentSha256"] = new string('a', 64) }),
            ["POST /sources/{id:guid}/retract"] = ($"/sources/{source}/retract", new() { ["note"] = "not yours" }),
            ["GET /claims/{id:guid}"] = ($"/claims/{claim}", null),
            ["POST /claims/{id:guid}/attributions"] = ($"/claims/{claim}/attributions",
                new() { ["sourceId"] = source.ToString(), ["role"] = "reporter", ["quote"] = "three times" }),
            ["POST /claims/{id:guid}/verdicts"] = ($"/claims/{claim}/verdicts",
                new() { ["rating"] = "false", ["summary"] = "No", ["evidenceNote"] = "A record", ["evidenceUrl"] = "" }),
            ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/approve"] = ($"/claims/{claim}/verdicts/{verdict}/approve", new()),
            ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/reject"] = ($"/claims/{claim}/verdicts/{verdict}/reject", new() { ["reason"] = "No" }),
            ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/void"] = ($"/claims/{claim}/verdicts/{verdict}/void", new() { ["reason"] = "No" }),
            ["POST /claims/{id:guid}/text"] = ($"/claims/{claim}/text", new() { ["text"] = "Reworded", ["reason"] = "Typo" }),
            ["GET /exports/{file}"] = ($"/exports/claims.csv?story={story}", null),
            ["POST /accounts/{id:guid}/{action}"] = ($"/accounts/{local.Actor.AccountId}/disable", new() { ["reason"] = "not yours" }),
            ["POST /me/tokens/{tokenId:guid}/revoke"] = ($"/me/tokens/{Guid.NewGuid()}/revoke", new()),
            ["POST /claims/{id:guid}/text-corrections/{textCorrectionId:guid}/{decision:regex(^(approve|reject)$)}"] =
                ($"/claims/{claim}/text-corrections/{Guid.NewGuid()}/approve", new()),
            ["POST /claims/{id:guid}/attributions/{attributionId:guid}/withdraw"] = ($"/claims/{claim}/attributions/{attribution}/withdraw", new() { ["reason"] = "Wrong" }),
            ["POST /claims/{id:guid}/links"] = ($"/claims/{claim}/links", new() { ["otherClaimId"] = other.ToString(), ["relation"] = "contradicts" }),
            ["POST /claims/{id:guid}/links/{otherClaimId:guid}/unlink"] = ($"/claims/{claim}/links/{other}/unlink", new() { ["reason"] = "Not related" }),
            ["POST /claims/{id:guid}/assign"] = ($"/claims/{claim}/assign", new() { ["accountId"] = local.Actor.AccountId.ToString() }),
            ["POST /claims/{id:guid}/unassign"] = ($"/claims/{claim}/unassign", new()),
            ["POST /claims/{id:guid}/tags"] = ($"/claims/{claim}/tags", new() { ["add"] = "isolation" }),
            ["POST /claims/{id:guid}/notes"] = ($"/claims/{claim}/notes", new() { ["text"] = "Not yours" }),
            ["POST /claims/{id:guid}/archive"] = ($"/claims/{claim}/archive", new() { ["reason"] = "Not yours" }),
            ["POST /claims/{id:guid}/restore"] = ($"/claims/{claim}/restore", new()),
        };
        WorkbenchRoutes().Where(r => r.Contains('{')).ShouldBe(requests.Keys, ignoreOrder: true, "every workbench route that names a record is tried here");

        var before = await EventCount();
        foreach (var (route, (path, form)) in requests)
        {
            var response = form is null ? await session.Client.GetAsync(path) : await session.Post(path, token, form);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{route}: {await response.Content.ReadAsStringAsync()}");
        }
        (await EventCount()).ShouldBe(before);

        (await session.Client.GetStringAsync("/")).ShouldNotContain(story.ToString());
        (await session.Client.GetStringAsync("/corrections")).ShouldNotContain(claim.ToString());
    }

    [Fact]
    public async Task A_browser_is_sent_to_sign_in_and_a_program_gets_a_401_problem()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.BaseUrl) };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/corrections") { Headers = { { "Accept", "text/html" } } };
        var browser = await anonymous.SendAsync(page);
        browser.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.Headers.Location!.ToString().ShouldContain("/login?ReturnUrl=%2Fcorrections");

        var program = await anonymous.GetAsync("/corrections");
        program.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        program.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_board_counts_claims_and_the_replay_steps_through_links_without_script()
    {
        var (story, _, _, _) = await GivenAStory();
        using var session = await Session.SignIn(Server, await Server.Person("Rosa", [Role.Reporter]));

        var board = await session.Client.GetStringAsync("/");
        board.ShouldContain($"href=\"/stories/{story}\"");
        board.ShouldContain("under review 1");

        var first = await session.Client.GetStringAsync($"/stories/{story}/replay?at=1");
        first.ShouldContain("data-step=\"1\"");
        first.ShouldContain("0 claims logged by then");
        first.ShouldContain($"href=\"/stories/{story}/replay?at=2\"");
        var second = await session.Client.GetStringAsync($"/stories/{story}/replay?at=2");
        second.ShouldContain("1 claim logged by then");
        second.ShouldContain("data-step=\"2\"");
    }

    private async Task<(Guid Story, Guid Claim, Guid Verdict, Guid Source)> GivenAStory()
    {
        var reporter = await Server.Person("Rosa", [Role.Reporter]);
        var factchecker = await Server.Person("Farid", [Role.Factchecker]);
        var story = await Server.Desk.OpenStory(reporter, "US officials met Alberta separatists", "APP and the State Department.");
        var source = await Server.Desk.RegisterSource(reporter, SourceKind.Article, "Financial Times", "FT");
        var (claim, _) = await Server.Desk.LogClaim(reporter, story, "APP leaders met officials three times.", source, AttributionRole.Reporter, "three times");
        var verdict = await Server.Desk.Propose(factchecker, claim, "mostly_true", "The FT reported it.");
        return (story, claim, verdict, source);
    }

    private IEnumerable<string> WorkbenchRoutes() =>
        Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<WorkbenchPage>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct();

    private async Task<long> EventCount()
    {
        await using var cmd = Server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"select count(*) from {TrackerStore.Schema}.mt_events where type <> 'tombstone'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
