using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Verdicts;

/// <summary>"Awaiting my sign-off": an editor sees the verdicts others proposed, oldest first; never their own, never another newsroom's.</summary>
public sealed class SignOffQueueTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task An_editor_sees_others_pending_verdicts_oldest_first_and_not_their_own()
    {
        var checker = (await app.As(Role.Factchecker)).Account.Token;
        var editor = (await app.As(Role.Editor)).Account.Token;
        var otherEditor = (await app.As(Role.Editor)).Account.Token;
        var story = (await app.PostJson(checker, "/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var older = (await app.PostJson(checker, $"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        var newer = (await app.PostJson(checker, $"/api/stories/{story}/claims", new { text = "19% back separation" })).Id();
        var mine = (await app.PostJson(checker, $"/api/stories/{story}/claims", new { text = "The meetings were no secret" })).Id();
        await app.PostJson(checker, $"/api/claims/{older}/verdicts", new { rating = "true", summary = "Confirmed", evidence = new[] { new { note = "FT" } } });
        await app.PostJson(checker, $"/api/claims/{newer}/verdicts", new { rating = "half_true", summary = "One poll", evidence = new[] { new { note = "Pollara" } } });
        await app.PostJson(editor, $"/api/claims/{mine}/verdicts", new { rating = "mostly_true", summary = "Reported openly", evidence = new[] { new { note = "CBC" } } });

        var queue = await Items(editor);
        queue.Select(q => q.GetProperty("claimId").GetGuid()).ShouldBe([older, newer], "oldest first, without the editor's own proposal");
        queue[0].GetProperty("story").GetString().ShouldBe("Separatists");
        queue[0].GetProperty("claim").GetString().ShouldBe("Three meetings were held");
        queue[0].GetProperty("proposedBy").GetString()!.ShouldStartWith("Factchecker");

        (await Items(otherEditor)).Select(q => q.GetProperty("claimId").GetGuid()).ShouldBe([older, newer, mine]);
        (await Items(checker)).ShouldBeEmpty("only editors sign off");
        (await Items((await app.OtherNewsroom(Role.Editor)).Token())).ShouldBeEmpty("another newsroom's queue is its own");
    }

    /// <summary>The sign-off queue as this token's account reads it.</summary>
    private async Task<List<JsonElement>> Items(string token) => [.. (await app.GetJson(token, "/api/queue")).EnumerateArray()];
}
