using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var (checker, _) = await app.As(Role.Factchecker);
        var (editor, _) = await app.As(Role.Editor);
        var (otherEditor, _) = await app.As(Role.Editor);
        var claim = await RatedClaim(checker, editor, "APP leaders met officials three times since April");

        var proposed = await editor.PostAsJsonAsync($"/api/claims/{claim}/text", new { text = "APP leaders met officials three times since April 2025", reason = "Give the year" });
        proposed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var proposal = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync()).RootElement.GetProperty("textCorrectionId").GetGuid();
        (await Text(checker, claim)).ShouldBe("APP leaders met officials three times since April", "nothing visible changes before sign-off");
        JsonDocument.Parse(await checker.GetStringAsync($"/api/claims/{claim}")).RootElement.GetProperty("pendingTextCorrection")
            .GetProperty("textCorrectionId").GetGuid().ShouldBe(proposal);

        await (await checker.PostAsJsonAsync($"/api/claims/{claim}/text", new { text = "Something else", reason = "r" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, rule: "text_correction_pending");
        await (await editor.PostAsync($"/api/claims/{claim}/text-corrections/{proposal}/approve", null))
            .ShouldBeProblem(HttpStatusCode.Forbidden, rule: "own_text_correction");
        await (await checker.PostAsync($"/api/claims/{claim}/text-corrections/{proposal}/approve", null)).ShouldBeProblem(HttpStatusCode.Forbidden);

        var queue = JsonDocument.Parse(await otherEditor.GetStringAsync("/api/queue")).RootElement.EnumerateArray()
            .Single(q => q.GetProperty("kind").GetString() == "text_correction" && q.GetProperty("claimId").GetGuid() == claim);
        queue.GetProperty("proposedText").GetString().ShouldBe("APP leaders met officials three times since April 2025");

        (await otherEditor.PostAsync($"/api/claims/{claim}/text-corrections/{proposal}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(checker, claim)).ShouldBe("APP leaders met officials three times since April 2025");
        await app.ProjectionsCaughtUp();
        var correction = JsonDocument.Parse(await checker.GetStringAsync("/api/corrections")).RootElement.GetProperty("corrections").EnumerateArray()
            .Single(c => c.GetProperty("claimId").GetGuid() == claim);
        (correction.GetProperty("kind").GetString(), correction.GetProperty("before").GetString(), correction.GetProperty("after").GetString(),
            correction.GetProperty("note").GetString()).ShouldBe(("text_corrected", "APP leaders met officials three times since April",
            "APP leaders met officials three times since April 2025", "Give the year"));
        correction.GetProperty("approvedBy").GetString()!.ShouldStartWith("Editor");
    }

    [Fact]
    public async Task A_rejected_rewording_leaves_the_text_and_an_unrated_claim_is_reworded_at_once()
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var (editor, _) = await app.As(Role.Editor);
        var story = (await checker.Post("/api/stories", new { title = "Polls", summary = "Support for separation" })).Id();
        var unrated = (await checker.Post($"/api/stories/{story}/claims", new { text = "19% back separation" })).Id();
        (await checker.PostAsJsonAsync($"/api/claims/{unrated}/text", new { text = "19% of Albertans back separation", reason = "precise" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(checker, unrated)).ShouldBe("19% of Albertans back separation");

        var claim = await RatedClaim(checker, editor, "30% support sovereignty");
        var proposed = await checker.PostAsJsonAsync($"/api/claims/{claim}/text", new { text = "A third support sovereignty", reason = "round it" });
        var proposal = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync()).RootElement.GetProperty("textCorrectionId").GetGuid();
        await (await editor.PostAsJsonAsync($"/api/claims/{claim}/text-corrections/{proposal}/reject", new { reason = "" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "reason");
        (await editor.PostAsJsonAsync($"/api/claims/{claim}/text-corrections/{proposal}/reject", new { reason = "30% is not a third" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(checker, claim)).ShouldBe("30% support sovereignty");
        var history = JsonDocument.Parse(await checker.GetStringAsync($"/api/claims/{claim}/history")).RootElement.EnumerateArray()
            .Select(h => h.GetProperty("type").GetString()).ToList();
        history.ShouldContain("text_correction_proposed");
        history.ShouldContain("text_correction_rejected");
    }

    private static async Task<Guid> RatedClaim(HttpClient checker, HttpClient editor, string text)
    {
        var story = (await checker.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text })).Id();
        var verdict = (await checker.Post($"/api/claims/{claim}/verdicts", new { rating = "mostly_true", summary = "Confirmed", evidence = new[] { new { note = "FT" } } })).Id("verdictId");
        await editor.Post($"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
        return claim;
    }

    private static async Task<string> Text(HttpClient client, Guid claim) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/claims/{claim}")).RootElement.GetProperty("text").GetString()!;
}
