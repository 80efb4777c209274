using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Claims;
using Tracker.Tests.Support;

namespace Tracker.Tests.Claims;

/// <summary>Assignment, tags and internal notes are events on the claim; "my claims" and tag filters find them; notes never reach ClaimReview.</summary>
public sealed class OrganiseClaimTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_claim_is_assigned_tagged_and_noted_and_the_list_filters_by_them()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var (_, checker) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var mine = (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "19% back separation" });

        await app.PostJson(checker.Token, $"/api/claims/{mine}/assign", new { accountId = checker.Id });
        await app.PostJson(checker.Token, $"/api/claims/{mine}/tags", new { add = new[] { "Polls", "us-officials" } });
        await app.PostJson(checker.Token, $"/api/claims/{mine}/tags", new { remove = new[] { "polls" } });
        await app.PostJson(reporter.Token, $"/api/claims/{mine}/notes", new { text = "Ask the State Department for dates" }, 201);

        var claim = await app.GetJson(reporter.Token, $"/api/claims/{mine}");
        claim.GetProperty("assigneeId").GetGuid().ShouldBe(checker.Id);
        claim.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["us-officials"]);
        claim.GetProperty("notes")[0].GetProperty("text").GetString().ShouldBe("Ask the State Department for dates");

        var myClaims = await app.GetJson(checker.Token, "/api/claims?assignee=me");
        myClaims.GetProperty("total").GetInt32().ShouldBe(1);
        myClaims.GetProperty("claims")[0].GetProperty("id").GetGuid().ShouldBe(mine);
        (await app.GetJson(reporter.Token, "/api/claims?tag=us-officials")).GetProperty("total").GetInt32().ShouldBe(1);
        var all = await app.GetJson(reporter.Token, $"/api/claims?story={story}&pageSize=1");
        (all.GetProperty("total").GetInt32(), all.GetProperty("claims").GetArrayLength()).ShouldBe((2, 1));
        await app.Problem(s =>
        {
            s.WithBearerToken(reporter.Token);
            s.Get.Url("/api/claims?status=maybe");
        }, HttpStatusCode.BadRequest, "status");

        var history = (await app.GetJson(reporter.Token, $"/api/claims/{mine}/history")).EnumerateArray()
            .Select(h => h.GetProperty("type").GetString()).ToList();
        history.ShouldContain("claim_assigned");
        history.ShouldContain("claim_tagged");
        history.ShouldContain("claim_note_added");
    }

    [Fact]
    public async Task Assignment_and_tags_are_checked()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var (_, checker) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Polls", summary = "Support" })).Id();
        var claim = (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "30% support sovereignty" })).Id();

        await app.PostProblem(checker.Token, $"/api/claims/{claim}/assign", new { accountId = reporter.Id },
            HttpStatusCode.UnprocessableEntity, "accountId", "not_a_factchecker");
        await app.PostProblem(checker.Token, $"/api/claims/{claim}/assign", new { accountId = Guid.NewGuid() }, HttpStatusCode.NotFound, "accountId");
        await app.PostProblem(checker.Token, $"/api/claims/{claim}/tags", new { add = new[] { "no spaces allowed" } },
            HttpStatusCode.UnprocessableEntity, "add", "tag_format");
        await app.PostProblem(reporter.Token, $"/api/claims/{claim}/tags", new { add = new[] { "polls" } }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_disabled_account_is_not_assigned_and_nothing_is_appended()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        var (_, checker) = await app.As(Role.Factchecker);
        var (_, away) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(reporter.Token, "/api/stories", new { title = "Budget", summary = "Spending" })).Id();
        var claim = (await app.PostJson(reporter.Token, $"/api/stories/{story}/claims", new { text = "Spending rose 4%" })).Id();
        await app.PostJson(app.Admin.Token(), $"/api/accounts/{away.Id}/disable", new { reason = "left the paper" }, 200);
        var before = (await app.Store.ReadStream("newsroom", claim)).Count;

        await app.PostProblem(checker.Token, $"/api/claims/{claim}/assign", new { accountId = away.Id },
            HttpStatusCode.UnprocessableEntity, "accountId", "account_disabled");

        (await app.Store.ReadStream("newsroom", claim)).Count.ShouldBe(before);
    }

    [Fact]
    public void A_claim_tagged_beyond_the_cap_before_it_existed_can_be_trimmed_but_not_grown()
    {
        var crowded = Claim.Initial with { Id = Guid.CreateVersion7(), Tags = [.. Enumerable.Range(0, OrganiseClaimDecisions.MaxTags + 10).Select(i => $"t{i}")] };
        OrganiseClaimDecisions.Tag(new TagClaim([], ["t0"]), crowded).Rejection.ShouldBeNull("removing a tag");
        OrganiseClaimDecisions.Tag(new TagClaim(["swapped"], ["t1"]), crowded).Rejection.ShouldBeNull("swapping one tag for another");
        OrganiseClaimDecisions.Tag(new TagClaim(["more"], []), crowded).Rejection!.Rule.ShouldBe("too_many");
    }

    [Fact]
    public async Task A_claim_is_taken_off_its_assignee_and_leaves_their_list()
    {
        var (_, checker) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Unassign", summary = "Done checking" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The tunnel is 9 km long" })).Id();
        await app.PostJson(checker.Token, $"/api/claims/{claim}/assign", new { accountId = checker.Id });
        await app.ProjectionsCaughtUp();
        (await Mine()).ShouldContain(claim);

        await app.Scenario(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Url($"/api/claims/{claim}/unassign");
            s.StatusCodeShouldBe(200);
        });
        await app.ProjectionsCaughtUp();

        (await Mine()).ShouldNotContain(claim);
        (await app.GetJson(checker.Token, $"/api/claims/{claim}")).TryGetProperty("assigneeId", out var assignee).ShouldBe(assignee.ValueKind == System.Text.Json.JsonValueKind.Null);
        (await app.Store.ReadStream("newsroom", claim))[^1].Type.ShouldBe("claim_unassigned");
        await app.Problem(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Url($"/api/claims/{claim}/unassign");
        }, System.Net.HttpStatusCode.UnprocessableEntity, "accountId", "unchanged");

        async Task<List<Guid>> Mine() => [.. (await app.GetJson(checker.Token, $"/api/claims?assignee=me&story={story}"))
            .GetProperty("claims").EnumerateArray().Select(c => c.Id())];
    }

    [Fact]
    public void Tagging_with_no_tag_at_all_asks_for_one_rather_than_calling_it_unchanged()
    {
        var claim = Claim.Initial with { Id = Guid.CreateVersion7(), Tags = ["budget"] };
        var refused = OrganiseClaimDecisions.Tag(new TagClaim([], []), claim).Rejection!;
        (refused.Field, refused.Rule).ShouldBe(("add", "required"));
        OrganiseClaimDecisions.Tag(new TagClaim([], [" "]), claim).Rejection!.Rule.ShouldBe("tag_format", "a blank tag is still a tag given");
    }

    [Fact]
    public async Task A_claim_takes_at_most_fifty_tags_and_a_refused_batch_appends_nothing()
    {
        var (_, checker) = await app.As(Role.Factchecker);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Tags", summary = "Many" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "A much-tagged claim" })).Id();
        const int MaxTags = 50; // as docs/api.md promises
        string[] Tags(int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"t{i}")];

        var before = await app.EventCount();
        await app.PostProblem(checker.Token, $"/api/claims/{claim}/tags", new { add = Tags(0, 20_000) },
            HttpStatusCode.UnprocessableEntity, "add", "too_many");
        (await app.EventCount()).ShouldBe(before);

        await app.PostJson(checker.Token, $"/api/claims/{claim}/tags", new { add = Tags(0, MaxTags) });
        before = await app.EventCount();
        await app.PostProblem(checker.Token, $"/api/claims/{claim}/tags", new { add = Tags(MaxTags, 1) },
            HttpStatusCode.UnprocessableEntity, "add", "too_many");
        (await app.EventCount()).ShouldBe(before);
        // Swapping one tag for another keeps the claim at the cap.
        await app.PostJson(checker.Token, $"/api/claims/{claim}/tags", new { add = Tags(MaxTags, 1), remove = Tags(0, 1) });
        (await app.GetJson(checker.Token, $"/api/claims/{claim}")).GetProperty("tags").GetArrayLength().ShouldBe(MaxTags);
    }

    [Fact]
    public async Task Notes_never_reach_claimreview()
    {
        var (_, checker) = await app.As(Role.Factchecker);
        var (_, editor) = await app.As(Role.Editor);
        var (_, auditor) = await app.As(Role.Auditor);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Notes", summary = "Internal" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "A claim with a secret note" })).Id();
        await app.PostJson(checker.Token, $"/api/claims/{claim}/notes", new { text = "INTERNAL-ONLY source is a friend of the editor" });
        var verdict = (await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
            new { rating = "true", summary = "Confirmed", evidence = new[] { new { note = "Record" } } })).Id("verdictId");
        await app.PostJson(editor.Token, $"/api/claims/{claim}/verdicts/{verdict}/approve", new { });

        var published = await (await app.Get(auditor.Token, $"/api/export/claimreview.json?story={story}")).ReadAsTextAsync();
        published.ShouldContain("A claim with a secret note");
        published.ShouldNotContain("INTERNAL-ONLY");
    }
}
