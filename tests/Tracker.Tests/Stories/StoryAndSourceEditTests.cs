using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Stories;

/// <summary>Every story and source event has its route: retitle, revise, close, reopen; correct details, record a snapshot, retract.</summary>
public sealed class StoryAndSourceEditTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_story_is_retitled_revised_closed_and_reopened_with_its_reasons_in_the_history()
    {
        var reporter = (await app.As(Role.Reporter)).Account.Token;
        var editor = (await app.As(Role.Editor)).Account.Token;
        var story = (await app.PostJson(reporter, "/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();

        await app.PostJson(reporter, $"/api/stories/{story}/title", new { title = "US officials met Alberta separatists", reason = "clearer" });
        await app.PostJson(reporter, $"/api/stories/{story}/summary", new { summary = "Three meetings, per the FT", reason = "sourced" });
        await app.PostProblem(reporter, $"/api/stories/{story}/close", new { note = "quiet" }, HttpStatusCode.Forbidden);
        await app.PostJson(editor, $"/api/stories/{story}/close", new { note = "The topic went quiet" });
        await app.PostProblem(reporter, $"/api/stories/{story}/claims", new { text = "A late claim" }, HttpStatusCode.Conflict, rule: "story_closed");
        await app.PostProblem(editor, $"/api/stories/{story}/reopen", new { reason = "" }, HttpStatusCode.UnprocessableEntity, "reason");
        await app.PostJson(editor, $"/api/stories/{story}/reopen", new { reason = "New reporting" });

        var read = await app.GetJson(reporter, $"/api/stories/{story}");
        read.GetProperty("title").GetString().ShouldBe("US officials met Alberta separatists");
        read.GetProperty("summary").GetString().ShouldBe("Three meetings, per the FT");
        read.GetProperty("isClosed").GetBoolean().ShouldBeFalse();
        var events = await app.Store.ReadStream("newsroom", story);
        events.Select(e => (e.Type, e.Metadata.Reason)).ShouldBe([
            ("story_opened", null), ("story_retitled", "clearer"), ("story_summary_revised", "sourced"),
            ("story_closed", "The topic went quiet"), ("story_reopened", "New reporting")]);
        await app.PostProblem(reporter, $"/api/stories/{story}/title", new { title = "US officials met Alberta separatists", reason = "again" },
            HttpStatusCode.UnprocessableEntity, "title", "unchanged");
    }

    [Fact]
    public async Task A_source_has_its_details_corrected_a_snapshot_recorded_and_is_retracted()
    {
        var reporter = (await app.As(Role.Reporter)).Account.Token;
        var checker = (await app.As(Role.Factchecker)).Account.Token;
        var source = (await app.PostJson(reporter, "/api/sources", new { kind = "article", name = "FT report", outlet = "Financial Times" })).Id();

        await app.PostJson(reporter, $"/api/sources/{source}/details", new { changes = new { name = "Financial Times report", url = "https://www.ft.com/x" }, reason = "full name" });
        var sha = new string('b', 64);
        await app.PostJson(reporter, $"/api/sources/{source}/snapshots", new { contentSha256 = sha.ToUpperInvariant(), archiveUrl = "https://archive.org/x" }, 201);
        await app.PostProblem(reporter, $"/api/sources/{source}/snapshots", new { contentSha256 = "not a hash" }, HttpStatusCode.UnprocessableEntity, "contentSha256", "sha256");
        await app.PostProblem(reporter, $"/api/sources/{source}/retract", new { note = "pulled" }, HttpStatusCode.Forbidden);
        await app.PostJson(checker, $"/api/sources/{source}/retract", new { note = "The FT pulled the piece" });

        var read = await app.GetJson(reporter, $"/api/sources/{source}");
        read.GetProperty("details").GetProperty("name").GetString().ShouldBe("Financial Times report");
        read.GetProperty("details").GetProperty("outlet").GetString().ShouldBe("Financial Times", "a field left out keeps its value");
        read.GetProperty("snapshots")[0].GetProperty("contentSha256").GetString().ShouldBe(sha);
        read.GetProperty("isRetracted").GetBoolean().ShouldBeTrue();
        (await app.Store.ReadStream("newsroom", source)).Select(e => e.Type)
            .ShouldBe(["source_registered", "source_details_corrected", "source_snapshot_recorded", "source_retracted"]);
    }
}
