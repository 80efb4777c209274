using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Stories;

/// <summary>Every story and source event has its route: retitle, revise, close, reopen; correct details, record a snapshot, retract.</summary>
public sealed class StoryAndSourceEditTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_story_is_retitled_revised_closed_and_reopened_with_its_reasons_in_the_history()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var (editor, _) = await app.As(Role.Editor);
        var story = (await reporter.Post("/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();

        await reporter.Post($"/api/stories/{story}/title", new { title = "US officials met Alberta separatists", reason = "clearer" });
        await reporter.Post($"/api/stories/{story}/summary", new { summary = "Three meetings, per the FT", reason = "sourced" });
        await (await reporter.PostAsJsonAsync($"/api/stories/{story}/close", new { note = "quiet" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await editor.Post($"/api/stories/{story}/close", new { note = "The topic went quiet" });
        await (await reporter.PostAsJsonAsync($"/api/stories/{story}/claims", new { text = "A late claim" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, rule: "story_closed");
        await (await editor.PostAsJsonAsync($"/api/stories/{story}/reopen", new { reason = "" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "reason");
        await editor.Post($"/api/stories/{story}/reopen", new { reason = "New reporting" });

        var read = JsonDocument.Parse(await reporter.GetStringAsync($"/api/stories/{story}")).RootElement;
        read.GetProperty("title").GetString().ShouldBe("US officials met Alberta separatists");
        read.GetProperty("summary").GetString().ShouldBe("Three meetings, per the FT");
        read.GetProperty("isClosed").GetBoolean().ShouldBeFalse();
        var events = await app.Store.ReadStream("newsroom", story);
        events.Select(e => (e.Type, e.Metadata.Reason)).ShouldBe([
            ("story_opened", null), ("story_retitled", "clearer"), ("story_summary_revised", "sourced"),
            ("story_closed", "The topic went quiet"), ("story_reopened", "New reporting")]);
        await (await reporter.PostAsJsonAsync($"/api/stories/{story}/title", new { title = "US officials met Alberta separatists", reason = "again" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "title", "unchanged");
    }

    [Fact]
    public async Task A_source_has_its_details_corrected_a_snapshot_recorded_and_is_retracted()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var (checker, _) = await app.As(Role.Factchecker);
        var source = (await reporter.Post("/api/sources", new { kind = "article", name = "FT report", outlet = "Financial Times" })).Id();

        await reporter.Post($"/api/sources/{source}/details", new { changes = new { name = "Financial Times report", url = "https://www.ft.com/x" }, reason = "full name" });
        var sha = new string('b', 64);
        var snapshot = await reporter.PostAsJsonAsync($"/api/sources/{source}/snapshots", new { contentSha256 = sha.ToUpperInvariant(), archiveUrl = "https://archive.org/x" });
        snapshot.StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await reporter.PostAsJsonAsync($"/api/sources/{source}/snapshots", new { contentSha256 = "not a hash" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "contentSha256", "sha256");
        await (await reporter.PostAsJsonAsync($"/api/sources/{source}/retract", new { note = "pulled" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await checker.Post($"/api/sources/{source}/retract", new { note = "The FT pulled the piece" });

        var read = JsonDocument.Parse(await reporter.GetStringAsync($"/api/sources/{source}")).RootElement;
        read.GetProperty("details").GetProperty("name").GetString().ShouldBe("Financial Times report");
        read.GetProperty("details").GetProperty("outlet").GetString().ShouldBe("Financial Times", "a field left out keeps its value");
        read.GetProperty("snapshots")[0].GetProperty("contentSha256").GetString().ShouldBe(sha);
        read.GetProperty("isRetracted").GetBoolean().ShouldBeTrue();
        (await app.Store.ReadStream("newsroom", source)).Select(e => e.Type)
            .ShouldBe(["source_registered", "source_details_corrected", "source_snapshot_recorded", "source_retracted"]);
    }
}
