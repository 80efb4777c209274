using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Claims;

/// <summary>
/// What the claim page says of what happened: who sent a verdict back (not the one who proposed it), to whom a claim
/// was assigned, and which claim a link names, in the direction seen from the page's claim.
/// </summary>
public sealed class ClaimPageWordingTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task The_page_names_who_did_what_and_to_which_claim()
    {
        var (checkerPages, checker) = await app.As(Role.Factchecker);
        var editor = (await app.As(Role.Editor)).Account;
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Wording", summary = "Who did what" })).Id();
        var older = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The petition had 100,000 names by March" })).Id();
        var newer = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The petition had 177,000 names by April" })).Id();
        await app.PostJson(checker.Token, $"/api/claims/{newer}/links", new { otherClaimId = older, relation = "updates" });
        await app.PostJson(checker.Token, $"/api/claims/{newer}/assign", new { accountId = checker.Id });
        var verdict = (await app.PostJson(checker.Token, $"/api/claims/{newer}/verdicts", new { rating = "false", summary = "The count was lower", evidence = new[] { new { note = "The clerk's count" } } })).Id("verdictId");
        await app.PostJson(editor.Token, $"/api/claims/{newer}/verdicts/{verdict}/reject", new { reason = "Cite the clerk's count" });

        var page = WebUtility.HtmlDecode(await checkerPages.GetStringAsync($"/claims/{newer}"));
        page.ShouldContain($"proposed by {checker.Name}; rejected by {editor.Name} on ");
        page.ShouldContain($"assigned to {checker.Name}");
        page.ShouldContain("updates “The petition had 100,000 names by March”");

        var other = WebUtility.HtmlDecode(await checkerPages.GetStringAsync($"/claims/{older}"));
        other.ShouldContain("updated by “The petition had 177,000 names by April”");
    }

    [Fact]
    public async Task Approving_twice_says_why_at_the_top_when_the_form_is_gone()
    {
        var checker = (await app.As(Role.Factchecker)).Account;
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Twice", summary = "A double click" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The bridge reopened in May" })).Id();
        var verdict = (await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
            new { rating = "false", summary = "It reopened in June", evidence = new[] { new { note = "City notice" } } })).Id("verdictId");
        var browser = await app.SignedInBrowserAs(Role.Editor);
        var token = await browser.FormToken($"/claims/{claim}");
        HttpRequestMessage Approve() => new(HttpMethod.Post, $"/claims/{claim}/verdicts/{verdict}/approve")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]),
        };

        (await browser.SendAsync(Approve())).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var again = await browser.SendAsync(Approve());

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).ShouldContain("id=\"refusal\">This verdict is published.");

        // The assign form sent with nobody chosen asks for someone; it used to say no such account exists (404).
        var nobody = await browser.PostAsync($"/claims/{claim}/assign", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("accountId", "")]));
        nobody.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await nobody.Content.ReadAsStringAsync()).ShouldContain("Choose who to assign the claim to.");
    }

    [Fact]
    public async Task Ratings_read_as_the_scale_labels_them_on_the_board_and_in_the_register()
    {
        var checker = (await app.As(Role.Factchecker)).Account;
        var (editorPages, editor) = await app.As(Role.Editor);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Labels", summary = "Ratings as people read them" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The ferry carried 900 cars a day" })).Id();
        var verdict = (await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
            new { rating = "mostly_true", summary = "About 850 a day", evidence = new[] { new { note = "Port figures" } } })).Id("verdictId");
        await app.ProjectionsCaughtUp();
        WebUtility.HtmlDecode(await editorPages.GetStringAsync("/")).ShouldContain("Mostly true</span>");

        (await editorPages.PostAsync($"/api/claims/{claim}/verdicts/{verdict}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.PostJson(editor.Token, $"/api/claims/{claim}/verdicts/{verdict}/void", new { reason = "Rated the wrong ferry" });
        await app.ProjectionsCaughtUp();
        var register = WebUtility.HtmlDecode(await editorPages.GetStringAsync("/corrections"));
        register.ShouldContain("Mostly true: About 850 a day");
        register.ShouldContain($"voided by {editor.Name}", customMessage: "a voiding is nobody's approval");
    }
}
