using System.Net;
using System.Text.Json;
using Alba;
using Tracker.Replay;
using Tracker.Tests.Support;

namespace Tracker.Tests.Replay;

/// <summary>The story timeline: every event of the story and its claims once, in order by either clock, filtered and paged.</summary>
[Collection(ReplayCollection.Name)]
public sealed class TimelineTests(ReplayStory story)
{
    [Fact]
    public async Task Lists_every_event_of_the_story_and_its_claims_once_in_recorded_order()
    {
        var expected = (await story.StoryEvents()).OrderBy(e => e.RecordedAt).ThenBy(e => e.Sequence).ToList();

        var page = await Page("");

        page.Entries.Select(e => e.Sequence).ShouldBe(expected.Select(e => e.Sequence));
        page.Entries.Select(e => (e.EventId, e.StreamId, e.StreamType, e.Version, e.Type, e.RecordedAt))
            .ShouldBe(expected.Select(e => (e.Id, e.StreamId, e.StreamType, e.Version, e.Type, e.RecordedAt)));
        page.Entries.Select(e => (e.Actor, e.Reason)).ShouldBe(expected.Select(e => ((string?)Tracker.Claims.ActorLabel.NameOf(e.Metadata.Actor), e.Metadata.Reason)));
        page.Next.ShouldBeNull();
        (await Page("?order=desc")).Entries.Select(e => e.Sequence).ShouldBe(expected.Select(e => e.Sequence).Reverse());
    }

    [Fact]
    public async Task Says_who_did_what_in_one_line()
    {
        var summaries = (await Page("")).Entries.Select(e => e.Summary).ToList();

        summaries.ShouldContain($"Rosa Reporter opened the story '{Specs.Seeds.StoryTitle}'");
        summaries.ShouldContain($"Erin Editor approved verdict MOSTLY TRUE on claim '{Specs.Seeds.ThreeMeetings}'");
        summaries.ShouldContain($"Erin Editor approved verdict FALSE on claim '{ReplayStory.Reworded}'");
        summaries.ShouldContain($"Farid Factchecker proposed rewording claim '{Specs.Seeds.ThreeMeetings}' to '{ReplayStory.Reworded}'");
        summaries.ShouldContain($"Erin Editor approved rewording claim '{Specs.Seeds.ThreeMeetings}' to '{ReplayStory.Reworded}'");
        summaries.ShouldContain($"Erin Editor withdrew relay Global Times from claim '{ReplayStory.Reworded}'");
        summaries.ShouldContain($"Farid Factchecker linked claim '{Specs.Seeds.ThirtyPercent}': it contradicts claim '{Specs.Seeds.NineteenPercent}'");
        (await Page("")).Entries.Where(e => e.Type == "claim_linked").Select(e => e.Summary).Distinct().Count().ShouldBe(1, "both sides of a link read the same way");
        summaries.ShouldNotContain(s => s.Contains(Specs.Seeds.EightyFourPercent), "another story's claim");
    }

    [Fact]
    public async Task By_world_time_entries_follow_publication_and_claim_dates_and_those_without_come_last()
    {
        var all = (await Page("")).Entries;
        var world = (await Page("?clock=world")).Entries;

        world.Select(e => e.Sequence).Order().ShouldBe(all.Select(e => e.Sequence).Order());
        var dated = world.TakeWhile(e => e.WorldAt is not null).ToList();
        dated.Select(e => e.WorldAt).ShouldBeInOrder(SortDirection.Ascending);
        world.Skip(dated.Count).ShouldAllBe(e => e.WorldAt == null);
        dated.Select(e => (e.Type, e.WorldAt)).ShouldBe([
            ("attribution_added", ReplayStory.PollPublished), ("claim_logged", ReplayStory.NineteenClaimed),
            ("claim_logged", ReplayStory.MeetingsClaimed), ("attribution_added", ReplayStory.FtPublished),
            ("attribution_added", ReplayStory.GlobalTimesPublished), ("attribution_withdrawn", ReplayStory.GlobalTimesPublished)]);

        var desc = (await Page("?clock=world&order=desc")).Entries;
        desc.Take(dated.Count).Select(e => e.Sequence).ShouldBe(dated.Select(e => e.Sequence).Reverse());
        desc.Skip(dated.Count).ShouldAllBe(e => e.WorldAt == null);
    }

    [Fact]
    public async Task Filters_by_either_clock()
    {
        var all = (await Page("")).Entries;
        var middle = all[all.Count / 2].RecordedAt;
        var last = all[^3].RecordedAt;

        var recorded = (await Page($"?from={Q(middle)}&to={Q(last)}")).Entries;
        recorded.Select(e => e.Sequence).ShouldBe(all.Where(e => e.RecordedAt >= middle && e.RecordedAt <= last).Select(e => e.Sequence));

        var world = (await Page($"?clock=world&from={Q(ReplayStory.MeetingsClaimed)}&to={Q(ReplayStory.GlobalTimesPublished.AddDays(-1))}")).Entries;
        world.Select(e => e.WorldAt).ShouldBe([ReplayStory.MeetingsClaimed, ReplayStory.FtPublished]);
    }

    [Fact]
    public async Task Pages_through_with_the_cursor_in_either_order()
    {
        foreach (var order in new[] { "clock=recorded&order=asc", "clock=world&order=desc" })
        {
            var whole = (await Page($"?{order}")).Entries.Select(e => e.Sequence).ToList();
            var paged = new List<long>();
            var pages = 0;
            string cursor = "";
            while (true)
            {
                var page = await Page($"?{order}&limit=4{cursor}");
                paged.AddRange(page.Entries.Select(e => e.Sequence));
                pages++;
                if (page.Next is not { } next) break;
                page.Entries.Count.ShouldBe(4);
                cursor = $"&after={next}";
            }
            paged.ShouldBe(whole, order);
            pages.ShouldBe((whole.Count + 3) / 4, order);
        }
    }

    [Theory]
    [InlineData("?clock=sideways", "clock")]
    [InlineData("?order=up", "order")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?after=abc", "after")]
    [InlineData("?after=999999999", "after")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-01-30T12:00:00", "from")]
    [InlineData("?to=2026-13-01T00:00:00Z", "to")]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string field) =>
        await NotRead(Reader, $"/api/stories/{story.StoryId}/timeline{query}", HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Another_newsroom_gets_404_and_sees_only_its_own_story()
    {
        await NotRead(Stranger, $"/api/stories/{story.StoryId}/timeline", HttpStatusCode.NotFound);
        await NotRead(Reader, $"/api/stories/{story.ForeignStoryId}/timeline", HttpStatusCode.NotFound);
        await NotRead(Reader, $"/api/stories/{story.Meetings}/timeline", HttpStatusCode.NotFound);

        var own = await story.App.GetJson<TimelinePage>(Stranger, $"/api/stories/{story.ForeignStoryId}/timeline");
        own.Entries.Select(e => e.Type).ShouldBe(["story_opened", "claim_logged"]);
    }

    private Task<TimelinePage> Page(string query) => story.App.GetJson<TimelinePage>(Reader, $"/api/stories/{story.StoryId}/timeline{query}");

    private Task<JsonElement> NotRead(string token, string url, HttpStatusCode status, string? field = null) =>
        story.App.Problem(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
        }, status, field);

    /// <summary>The replay's reader: a reporter of the newsroom, with the real token the fixture signed them in with.</summary>
    private string Reader => story.Reader.Token();

    /// <summary>The other newsroom's admin, with their real token.</summary>
    private string Stranger => story.Stranger.Token();

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
