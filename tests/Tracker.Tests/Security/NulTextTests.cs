using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// The NUL character, which PostgreSQL stores neither in text nor in jsonb, made the server answer 500 wherever a route
/// had no rule of its own for it (a source's or an attribution's url, a new account's name before its rules ran, a tag
/// filter). It is now a 400 naming the field, and nothing is written.
/// </summary>
public sealed class NulTextTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_NUL_in_a_source_url_is_refused_by_name()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var before = await app.EventCount();
        await app.Problem(s => Post(s, reporter.Token, "/api/sources", """{"kind":"article","name":"Nul","url":"http://a.example/b\u0000c"}"""),
            HttpStatusCode.BadRequest, "url", "control_characters");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_NUL_in_an_attribution_url_is_refused_by_name()
    {
        var (desk, reporter) = await app.As(Role.Reporter);
        var story = (await desk.Post("/api/stories", new { title = "Nul story", summary = "Attributions" })).Id();
        var claim = (await desk.Post($"/api/stories/{story}/claims", new { text = "The ferry runs at night" })).Id();
        var source = (await desk.Post("/api/sources", new { kind = "person", name = "Nul Source" })).Id();
        var before = await app.EventCount();
        await app.Problem(s => Post(s, reporter.Token, $"/api/claims/{claim}/attributions",
                $$"""{"sourceId":"{{source}}","role":"claimant","quote":"It runs","url":"https://a.example/\u0000"}"""),
            HttpStatusCode.BadRequest, "url", "control_characters");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_NUL_in_a_new_accounts_name_is_refused_by_name()
    {
        var before = await app.EventCount();
        await app.Problem(s => Post(s, app.Admin.Token(), "/api/accounts", """{"name":"Nul\u0000Name","roles":["reporter"]}"""),
            HttpStatusCode.BadRequest, "name", "control_characters");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_NUL_in_the_tag_filter_is_refused_by_name_in_the_api_and_on_the_page()
    {
        var (desk, reporter) = await app.As(Role.Reporter);
        await app.Problem(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Get.Url("/api/claims?tag=%00");
        }, HttpStatusCode.BadRequest, "tag", "tag_format");
        (await desk.GetAsync("/api/claims?tag=fact-check")).StatusCode.ShouldBe(HttpStatusCode.OK, "a tag of the right shape still filters");

        var browser = await app.SignedInBrowserAs(Role.Reporter);
        var page = await browser.GetAsync("/claims?tag=%00");
        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await page.Content.ReadAsStringAsync()).ShouldContain("tag is lower-case letters");
    }

    private static void Post(Scenario s, string token, string url, string json)
    {
        s.WithBearerToken(token);
        s.Post.Text(json).ToUrl(url);
        s.WithRequestHeader("Content-Type", "application/json");
    }
}
