using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// An approval is only as good as the grant behind the approver's editor role: the claim history and the corrections
/// register name, beside each approval, the admin who made the approver an editor and when.
/// </summary>
public sealed class ApproverGrantTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Each_approval_shows_who_made_the_approver_an_editor_and_when()
    {
        var (checker, checkerAccount) = await app.As(Role.Factchecker);
        var (editor, editorAccount) = await app.As(Role.Reporter);
        // The editor was a reporter first; the grant that counts is the one that made them an editor.
        await app.Scenario(s =>
        {
            s.WithBearerToken(app.Admin.Token());
            s.Post.Json(new { roles = new[] { "editor" } }).ToUrl($"/api/accounts/{editorAccount.Id}/roles");
            s.StatusCodeShouldBeSuccess();
        });
        var granted = (await app.Store.ReadStream("newsroom", editorAccount.Id))[^1];

        var story = (await checker.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        var first = (await checker.Post($"/api/claims/{claim}/verdicts", new { rating = "true", summary = "Confirmed", evidence = new[] { new { note = "State Dept" } } })).Id("verdictId");
        await editor.Post($"/api/claims/{claim}/verdicts/{first}/approve", new { });
        var second = (await checker.Post($"/api/claims/{claim}/verdicts", new { rating = "mostly_true", summary = "Two confirmed", correctionNote = "One was a call", evidence = new[] { new { note = "FT" } } })).Id("verdictId");
        await editor.Post($"/api/claims/{claim}/verdicts/{second}/approve", new { });

        var history = (await app.GetJson(checkerAccount.Token, $"/api/claims/{claim}/history")).EnumerateArray().ToList();
        var approvals = history.Where(h => h.GetProperty("type").GetString() == "verdict_approved").ToList();
        approvals.Count.ShouldBe(2);
        foreach (var approval in approvals)
        {
            var grant = approval.GetProperty("approverEditorGrant");
            grant.GetProperty("grantedBy").GetString().ShouldBe("admin");
            grant.GetProperty("grantedAt").GetDateTimeOffset().ShouldBe(granted.RecordedAt);
        }
        history.Where(h => h.GetProperty("type").GetString() != "verdict_approved" && h.TryGetProperty("approverEditorGrant", out var g) && g.ValueKind != JsonValueKind.Null)
            .ShouldBeEmpty();

        await app.ProjectionsCaughtUp();
        var register = (await app.GetJson(checkerAccount.Token, "/api/corrections")).GetProperty("corrections").EnumerateArray()
            .Single(c => c.GetProperty("claimId").GetGuid() == claim);
        register.GetProperty("kind").GetString().ShouldBe("verdict_superseded");
        register.GetProperty("approverEditorGrant").GetProperty("grantedBy").GetString().ShouldBe("admin");
    }
}
