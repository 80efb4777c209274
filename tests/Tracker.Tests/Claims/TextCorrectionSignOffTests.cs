using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Claims;

/// <summary>
/// Rewording a rated claim changes what ClaimReview publishes, so it takes an editor's sign-off like a verdict does:
/// 202 and nothing visible until an editor other than the proposer approves; then it is a correction.
/// </summary>
public sealed class TextCorrectionSignOffTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_rated_claims_rewording_waits_for_another_editor_and_then_is_a_correction()
    {
        var (_, checker) = await app.As(Role.Factchecker);
        var (_, editor) = await app.As(Role.Editor);
        var (_, otherEditor) = await app.As(Role.Editor);
        var claim = await RatedClaim(checker.Token, editor.Token, "APP leaders met officials three times since April");

        var proposed = await app.PostJson(editor.Token, $"/api/claims/{claim}/text",
            new { text = "APP leaders met officials three times since April 2025", reason = "Give the year" }, 202);
        var proposal = proposed.GetProperty("textCorrectionId").GetGuid();
        (await Text(checker.Token, claim)).ShouldBe("APP leaders met officials three times since April", "nothing visible changes before sign-off");
        (await app.GetJson(checker.Token, $"/api/claims/{claim}")).GetProperty("pendingTextCorrection")
            .GetProperty("textCorrectionId").GetGuid().ShouldBe(proposal);

        await app.Problem(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Json(new { text = "Something else", reason = "r" }).ToUrl($"/api/claims/{claim}/text");
        }, HttpStatusCode.Conflict, rule: "text_correction_pending");
        await app.Problem(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Url($"/api/claims/{claim}/text-corrections/{proposal}/approve");
        }, HttpStatusCode.Forbidden, rule: "own_text_correction");
        await app.Problem(s =>
        {
            s.WithBearerToken(checker.Token);
            s.Post.Url($"/api/claims/{claim}/text-corrections/{proposal}/approve");
        }, HttpStatusCode.Forbidden);

        var queue = (await app.GetJson(otherEditor.Token, "/api/queue")).EnumerateArray()
            .Single(q => q.GetProperty("kind").GetString() == "text_correction" && q.GetProperty("claimId").GetGuid() == claim);
        queue.GetProperty("proposedText").GetString().ShouldBe("APP leaders met officials three times since April 2025");

        await app.Scenario(s =>
        {
            s.WithBearerToken(otherEditor.Token);
            s.Post.Url($"/api/claims/{claim}/text-corrections/{proposal}/approve");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        (await Text(checker.Token, claim)).ShouldBe("APP leaders met officials three times since April 2025");
        await app.ProjectionsCaughtUp();
        var correction = (await app.GetJson(checker.Token, "/api/corrections")).GetProperty("corrections").EnumerateArray()
            .Single(c => c.GetProperty("claimId").GetGuid() == claim);
        (correction.GetProperty("kind").GetString(), correction.GetProperty("before").GetString(), correction.GetProperty("after").GetString(),
            correction.GetProperty("note").GetString()).ShouldBe(("text_corrected", "APP leaders met officials three times since April",
            "APP leaders met officials three times since April 2025", "Give the year"));
        correction.GetProperty("approvedBy").GetString()!.ShouldStartWith("Editor");
    }

    [Fact]
    public async Task A_rejected_rewording_leaves_the_text_and_an_unrated_claim_is_reworded_at_once()
    {
        var (_, checker) = await app.As(Role.Factchecker);
        var (_, editor) = await app.As(Role.Editor);
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Polls", summary = "Support for separation" })).Id();
        var unrated = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "19% back separation" })).Id();
        await app.PostJson(checker.Token, $"/api/claims/{unrated}/text", new { text = "19% of Albertans back separation", reason = "precise" }, 200);
        (await Text(checker.Token, unrated)).ShouldBe("19% of Albertans back separation");

        var claim = await RatedClaim(checker.Token, editor.Token, "30% support sovereignty");
        var proposal = (await app.PostJson(checker.Token, $"/api/claims/{claim}/text", new { text = "A third support sovereignty", reason = "round it" }, 202))
            .GetProperty("textCorrectionId").GetGuid();
        await app.Problem(s =>
        {
            s.WithBearerToken(editor.Token);
            s.Post.Json(new { reason = "" }).ToUrl($"/api/claims/{claim}/text-corrections/{proposal}/reject");
        }, HttpStatusCode.UnprocessableEntity, "reason");
        await app.PostJson(editor.Token, $"/api/claims/{claim}/text-corrections/{proposal}/reject", new { reason = "30% is not a third" }, 200);
        (await Text(checker.Token, claim)).ShouldBe("30% support sovereignty");
        var history = (await app.GetJson(checker.Token, $"/api/claims/{claim}/history")).EnumerateArray()
            .Select(h => h.GetProperty("type").GetString()).ToList();
        history.ShouldContain("text_correction_proposed");
        history.ShouldContain("text_correction_rejected");
    }

    private async Task<Guid> RatedClaim(string checker, string editor, string text)
    {
        var story = (await app.PostJson(checker, "/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var claim = (await app.PostJson(checker, $"/api/stories/{story}/claims", new { text })).Id();
        var verdict = (await app.PostJson(checker, $"/api/claims/{claim}/verdicts",
            new { rating = "mostly_true", summary = "Confirmed", evidence = new[] { new { note = "FT" } } })).Id("verdictId");
        await app.PostJson(editor, $"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
        return claim;
    }

    private async Task<string> Text(string token, Guid claim) =>
        (await app.GetJson(token, $"/api/claims/{claim}")).GetProperty("text").GetString()!;
}
