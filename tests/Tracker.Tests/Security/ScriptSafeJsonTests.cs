using System.Text.Json;
using System.Text.RegularExpressions;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// Issue 17, item 6: publishers paste claimreview.json into a script block, so a claim that says "&lt;/script&gt;" must
/// not be able to end it. The same holds for any JSON a workbench page carries: today none does, and this keeps it so.
/// </summary>
public sealed partial class ScriptSafeJsonTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const string Hostile = "Rates </script><script>alert('x')</script> & <!-- \"quoted\" --> café";

    [Fact]
    public async Task Claimreview_json_escapes_what_could_end_a_script_block_and_keeps_the_text()
    {
        var (claim, _) = await PublishedClaim();
        var (auditorClient, auditor) = await app.As(Role.Auditor);

        // The API's export through Alba with the auditor's token; the workbench's download is a page route, read by the client.
        foreach (var (path, read) in new (string, Func<Task<string>>)[]
        {
            ("/api/export/claimreview.json", () => app.GetText(auditor.Token, "/api/export/claimreview.json")),
            ("/exports/claimreview.json", () => auditorClient.GetStringAsync("/exports/claimreview.json")),
        })
        {
            var raw = await read();

            raw.ShouldNotContain("<", customMessage: path);
            raw.ShouldNotContain(">", customMessage: path);
            raw.ShouldNotContain("&", customMessage: path);
            raw.ShouldContain("\\u003C/script\\u003E", Case.Insensitive, path);
            raw.ShouldContain("café", customMessage: "letters stay readable");
            var review = JsonDocument.Parse(raw).RootElement.EnumerateArray().Single(r => r.GetProperty("url").GetString()!.Contains(claim.ToString()));
            review.GetProperty("claimReviewed").GetString().ShouldBe(Hostile);
        }
    }

    [Fact]
    public async Task Workbench_pages_carry_no_inline_script_for_a_claim_to_break_out_of()
    {
        var (claim, story) = await PublishedClaim();
        var (reader, _) = await app.As(Role.Reporter);

        foreach (var path in new[] { "/", $"/stories/{story}", $"/claims/{claim}", $"/stories/{story}/replay" })
        {
            var html = await reader.GetStringAsync(path);

            ScriptTag().Matches(html).Select(m => m.Value).ShouldAllBe(tag => tag == "<script src=\"/web/workbench.js\" defer></script>", path);
            html.ShouldNotContain("<script>alert", Case.Insensitive, path);
        }
    }

    private async Task<(Guid Claim, Guid Story)> PublishedClaim()
    {
        var checker = (await app.As(Role.Factchecker)).Account.Token;
        var editor = (await app.As(Role.Editor)).Account.Token;
        var story = (await app.PostJson(checker, "/api/stories", new { title = "Script-safe", summary = "Text that looks like markup" })).Id();
        var claim = (await app.PostJson(checker, $"/api/stories/{story}/claims", new { text = Hostile })).Id();
        var verdict = (await app.PostJson(checker, $"/api/claims/{claim}/verdicts",
            new { rating = "false", summary = "No </script> here", evidence = new[] { new { note = "A <b>note</b>" } } })).Id("verdictId");
        await app.PostJson(editor, $"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
        return (claim, story);
    }

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
