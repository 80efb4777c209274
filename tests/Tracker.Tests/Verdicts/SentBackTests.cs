using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Verdicts;

/// <summary>
/// A fact-checker learned that a verdict was sent back only by opening its claim. Their board and /api/queue/sent-back now
/// list it, with who rejected it and why, until they propose again.
/// </summary>
public sealed class SentBackTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_rejected_verdict_waits_on_its_proposers_board_until_they_propose_again()
    {
        var (checkerPages, checker) = await app.As(Role.Factchecker);
        var colleague = (await app.As(Role.Factchecker)).Account;
        var editor = (await app.As(Role.Editor)).Account;
        var story = (await app.PostJson(checker.Token, "/api/stories", new { title = "Sent back", summary = "Work again" })).Id();
        var claim = (await app.PostJson(checker.Token, $"/api/stories/{story}/claims", new { text = "The mine employs 2,000 people" })).Id();
        var verdict = (await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
            new { rating = "false", summary = "It employs 1,200", evidence = new[] { new { note = "Annual report" } } })).Id("verdictId");
        await app.PostJson(editor.Token, $"/api/claims/{claim}/verdicts/{verdict}/reject", new { reason = "Count the contractors too" });

        var mine = (await app.GetJson(checker.Token, "/api/queue/sent-back")).EnumerateArray().Single(i => i.GetProperty("claimId").GetGuid() == claim);
        mine.GetProperty("reason").GetString().ShouldBe("Count the contractors too");
        mine.GetProperty("rejectedBy").GetString().ShouldBe(editor.Name);
        (await app.GetJson(colleague.Token, "/api/queue/sent-back")).EnumerateArray().ShouldNotContain(i => i.GetProperty("claimId").GetGuid() == claim,
            "only the proposer's");
        WebUtility.HtmlDecode(await checkerPages.GetStringAsync("/")).ShouldContain("Count the contractors too");

        await app.PostJson(checker.Token, $"/api/claims/{claim}/verdicts",
            new { rating = "mostly_false", summary = "About 1,500 with contractors", evidence = new[] { new { note = "Annual report, note 7" } } });
        (await app.GetJson(checker.Token, "/api/queue/sent-back")).EnumerateArray().ShouldNotContain(i => i.GetProperty("claimId").GetGuid() == claim);
    }
}
