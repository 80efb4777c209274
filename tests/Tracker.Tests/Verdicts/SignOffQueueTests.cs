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
        var (checker, _) = await app.As(Role.Factchecker);
        var (editor, _) = await app.As(Role.Editor);
        var (otherEditor, _) = await app.As(Role.Editor);
        var story = (await checker.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var older = (await checker.Post($"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        var newer = (await checker.Post($"/api/stories/{story}/claims", new { text = "19% back separation" })).Id();
        var mine = (await checker.Post($"/api/stories/{story}/claims", new { text = "The meetings were no secret" })).Id();
        await checker.Post($"/api/claims/{older}/verdicts", new { rating = "true", summary = "Confirmed", evidence = new[] { new { note = "FT" } } });
        await checker.Post($"/api/claims/{newer}/verdicts", new { rating = "half_true", summary = "One poll", evidence = new[] { new { note = "Pollara" } } });
        await editor.Post($"/api/claims/{mine}/verdicts", new { rating = "mostly_true", summary = "Reported openly", evidence = new[] { new { note = "CBC" } } });

        var queue = Items(await editor.GetStringAsync("/api/queue"));
        queue.Select(q => q.GetProperty("claimId").GetGuid()).ShouldBe([older, newer], "oldest first, without the editor's own proposal");
        queue[0].GetProperty("story").GetString().ShouldBe("Separatists");
        queue[0].GetProperty("claim").GetString().ShouldBe("Three meetings were held");
        queue[0].GetProperty("proposedBy").GetString()!.ShouldStartWith("Factchecker");

        Items(await otherEditor.GetStringAsync("/api/queue")).Select(q => q.GetProperty("claimId").GetGuid()).ShouldBe([older, newer, mine]);
        Items(await checker.GetStringAsync("/api/queue")).ShouldBeEmpty("only editors sign off");
        Items(await (await app.OtherNewsroom(Role.Editor)).GetStringAsync("/api/queue")).ShouldBeEmpty("another newsroom's queue is its own");
    }

    private static List<JsonElement> Items(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
}
