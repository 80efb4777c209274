using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Stories;

/// <summary>
/// A story's tally of ratings adds up to its rated claims (an archived claim counts as archived only), and a closed story's
/// page offers no claim form, which would only be refused once typed.
/// </summary>
public sealed class StoryListingTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task An_archived_rated_claim_leaves_the_ratings_tally()
    {
        var checker = (await app.As(Role.Factchecker)).Account;
        var (editorClient, editor) = await app.As(Role.Editor);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Tally", summary = "Ratings that add up" })).Id();
        foreach (var text in new[] { "The dam holds 4 billion litres", "The dam was built in 1961" })
        {
            var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text })).Id();
            var verdict = (await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
                new { rating = "false", summary = "Not so", evidence = new[] { new { note = "Utility records" } } })).Id("verdictId");
            (await editorClient.PostAsync($"/api/claims/{claim}/verdicts/{verdict}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            if (text.Contains("1961")) await app.PostJson(editor.Token, $"/api/claims/{claim}/archive", new { reason = "Off topic" });
        }

        var listing = (await app.GetJson(checker.Token, "/api/stories")).EnumerateArray().Single(s => s.Id() == story);
        listing.GetProperty("byStatus").GetProperty("archived").GetInt32().ShouldBe(1);
        listing.GetProperty("byStatus").GetProperty("rated").GetInt32().ShouldBe(1);
        listing.GetProperty("byRating").GetProperty("false").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_closed_story_page_says_it_takes_no_claims_instead_of_offering_the_form()
    {
        var (reporterPages, reporter) = await app.As(Role.Reporter);
        var editor = (await app.As(Role.Editor)).Account;
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Closing", summary = "Done with" })).Id();
        (await reporterPages.GetStringAsync($"/stories/{story}")).ShouldContain($"action=\"/stories/{story}/claims\"");

        await app.PostJson(editor.Token, $"/api/stories/{story}/close", new { note = "Merged" });

        var page = await reporterPages.GetStringAsync($"/stories/{story}");
        page.ShouldNotContain($"action=\"/stories/{story}/claims\"");
        page.ShouldContain("id=\"closed-to-claims\"");
    }

    [Fact]
    public async Task A_mistyped_page_address_answers_a_browser_with_a_page_and_a_program_with_a_problem()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Paging", summary = "Mistyped" })).Id();
        var browser = await app.SignedInBrowserAs(Role.Reporter);

        var page = await browser.GetAsync($"/stories/{story}?page=abc");
        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("Go back to the page and try again.");

        var program = await app.Client(reporter.Token).GetAsync($"/stories/{story}?page=abc");
        program.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        program.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
