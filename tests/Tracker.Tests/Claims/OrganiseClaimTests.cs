using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Claims;

/// <summary>Assignment, tags and internal notes are events on the claim; "my claims" and tag filters find them; notes never reach ClaimReview.</summary>
public sealed class OrganiseClaimTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_claim_is_assigned_tagged_and_noted_and_the_list_filters_by_them()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var (checker, checkerAccount) = await app.As(Role.Factchecker);
        var story = (await reporter.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var mine = (await reporter.Post($"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        await reporter.Post($"/api/stories/{story}/claims", new { text = "19% back separation" });

        await checker.Post($"/api/claims/{mine}/assign", new { accountId = checkerAccount.Id });
        await checker.Post($"/api/claims/{mine}/tags", new { add = new[] { "Polls", "us-officials" } });
        await checker.Post($"/api/claims/{mine}/tags", new { remove = new[] { "polls" } });
        var note = await reporter.PostAsJsonAsync($"/api/claims/{mine}/notes", new { text = "Ask the State Department for dates" });
        note.StatusCode.ShouldBe(HttpStatusCode.Created);

        var claim = JsonDocument.Parse(await reporter.GetStringAsync($"/api/claims/{mine}")).RootElement;
        claim.GetProperty("assigneeId").GetGuid().ShouldBe(checkerAccount.Id);
        claim.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["us-officials"]);
        claim.GetProperty("notes")[0].GetProperty("text").GetString().ShouldBe("Ask the State Department for dates");

        var myClaims = JsonDocument.Parse(await checker.GetStringAsync("/api/claims?assignee=me")).RootElement;
        myClaims.GetProperty("total").GetInt32().ShouldBe(1);
        myClaims.GetProperty("claims")[0].GetProperty("id").GetGuid().ShouldBe(mine);
        JsonDocument.Parse(await reporter.GetStringAsync("/api/claims?tag=us-officials")).RootElement.GetProperty("total").GetInt32().ShouldBe(1);
        var all = JsonDocument.Parse(await reporter.GetStringAsync($"/api/claims?story={story}&pageSize=1")).RootElement;
        (all.GetProperty("total").GetInt32(), all.GetProperty("claims").GetArrayLength()).ShouldBe((2, 1));
        await (await reporter.GetAsync("/api/claims?status=maybe")).ShouldBeProblem(HttpStatusCode.BadRequest, "status");

        var history = JsonDocument.Parse(await reporter.GetStringAsync($"/api/claims/{mine}/history")).RootElement.EnumerateArray()
            .Select(h => h.GetProperty("type").GetString()).ToList();
        history.ShouldContain("claim_assigned");
        history.ShouldContain("claim_tagged");
        history.ShouldContain("claim_note_added");
    }

    [Fact]
    public async Task Assignment_and_tags_are_checked()
    {
        var (reporter, reporterAccount) = await app.As(Role.Reporter);
        var (checker, _) = await app.As(Role.Factchecker);
        var story = (await reporter.Post("/api/stories", new { title = "Polls", summary = "Support" })).Id();
        var claim = (await reporter.Post($"/api/stories/{story}/claims", new { text = "30% support sovereignty" })).Id();

        await (await checker.PostAsJsonAsync($"/api/claims/{claim}/assign", new { accountId = reporterAccount.Id }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "accountId", "not_a_factchecker");
        await (await checker.PostAsJsonAsync($"/api/claims/{claim}/assign", new { accountId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "accountId");
        await (await checker.PostAsJsonAsync($"/api/claims/{claim}/tags", new { add = new[] { "no spaces allowed" } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "add", "tag_format");
        await (await reporter.PostAsJsonAsync($"/api/claims/{claim}/tags", new { add = new[] { "polls" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Notes_never_reach_claimreview()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var (editor, _) = await app.As(Role.Editor);
        var (auditor, _) = await app.As(Role.Auditor);
        var story = (await checker.Post("/api/stories", new { title = "Notes", summary = "Internal" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "A claim with a secret note" })).Id();
        await checker.Post($"/api/claims/{claim}/notes", new { text = "INTERNAL-ONLY source is a friend of the editor" });
        var verdict = (await checker.Post($"/api/claims/{claim}/verdicts", new { rating = "true", summary = "Confirmed", evidence = new[] { new { note = "Record" } } })).Id("verdictId");
        await editor.Post($"/api/claims/{claim}/verdicts/{verdict}/approve", new { });

        var published = await auditor.GetStringAsync($"/api/export/claimreview.json?story={story}");
        published.ShouldContain("A claim with a secret note");
        published.ShouldNotContain("INTERNAL-ONLY");
    }
}
