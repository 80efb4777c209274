using System.Net;
using System.Text.Json;
using Alba;
using Tracker.Tests.Support;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Replay;

/// <summary>
/// GET /api/stories/{id}?asOf=&amp;clock=world: the story as it stood in the world's time. In the replay story the poll
/// (15 Jan) and its claim (16 Jan) come first, the meetings claim is made at 08:00 on 28 Jan and the FT reports it at 09:00,
/// Global Times relays it on 30 Jan; everything else (verdicts, the rewording, the retitle, the undated claim) counts when recorded.
/// </summary>
[Collection(ReplayCollection.Name)]
public sealed class StoryByWorldTimeTests(ReplayStory story)
{
    [Fact]
    public async Task Before_the_first_claim_the_story_did_not_stand_in_the_world()
    {
        await story.App.Problem(s =>
        {
            s.WithBearerToken(Reader);
            s.Get.Url(Url("2026-01-10T00:00:00Z"));
        }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_story_stands_from_its_first_claim_with_only_what_had_happened_by_then()
    {
        var then = await Read("2026-01-20T00:00:00Z");

        then.GetProperty("title").GetString().ShouldBe(StoryTitle, "the retitle counts when it was recorded");
        then.GetProperty("asOf").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero));
        var claim = Claims(then).ShouldHaveSingleItem();
        claim.GetProperty("id").GetGuid().ShouldBe(story.Nineteen);
        claim.GetProperty("attributions").GetArrayLength().ShouldBe(1, "the poll was published the day before");
    }

    [Fact]
    public async Task A_claim_shows_its_attributions_as_their_sources_were_published()
    {
        var beforeTheFt = Meetings(await Read("2026-01-28T08:30:00Z"));
        beforeTheFt.GetProperty("text").GetString().ShouldBe(ThreeMeetings);
        beforeTheFt.GetProperty("attributions").GetArrayLength().ShouldBe(0, "the FT published at 09:00");

        var afterTheRelay = Meetings(await Read("2026-01-31T00:00:00Z"));
        // FT, the Global Times relay, and Rath, who has no date and stands with the claim as it was.
        afterTheRelay.GetProperty("attributions").GetArrayLength().ShouldBe(3);
        afterTheRelay.GetProperty("text").GetString().ShouldBe(ThreeMeetings, "the rewording counts when it was recorded");
        afterTheRelay.GetProperty("verdicts").GetArrayLength().ShouldBe(0, "verdicts count when they were recorded");
        Claims(await Read("2026-01-31T00:00:00Z")).Select(c => c.GetProperty("id").GetGuid())
            .ShouldBe([story.Meetings, story.Nineteen], ignoreOrder: true, "the undated claim counts when it was recorded");
    }

    [Fact]
    public async Task From_now_on_the_worlds_clock_shows_the_story_as_it_stands()
    {
        var now = await story.App.GetJson(Reader, $"/api/stories/{story.StoryId}");
        var later = await Read(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));

        later.GetProperty("title").GetString().ShouldBe(now.GetProperty("title").GetString());
        later.GetProperty("version").GetInt32().ShouldBe(now.GetProperty("version").GetInt32());
        Claims(later).Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("version").GetInt32()))
            .ShouldBe(Claims(now).Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("version").GetInt32())), ignoreOrder: true);
    }

    [Fact]
    public async Task By_the_recorded_clock_the_same_moment_is_before_the_story_was_opened()
    {
        var problem = await story.App.Problem(s =>
        {
            s.WithBearerToken(Reader);
            s.Get.Url($"/api/stories/{story.StoryId}?asOf=2026-01-31T00:00:00Z&clock=recorded");
        }, HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().ShouldBe("No such story in your newsroom at that moment.");
    }

    [Theory]
    [InlineData("asOf=2026-01-31T00:00:00Z&clock=bogus", "clock", "one_of")]
    [InlineData("asOf=2026-01-31T00:00:00Z&clock=World", "clock", "one_of")]
    [InlineData("version=2&clock=world", "clock", "one_of")]
    [InlineData("asOf=yesterday&clock=world", "asOf", "timestamp_format")]
    public async Task A_bad_clock_or_moment_is_a_problem_naming_it(string query, string field, string rule)
    {
        await story.App.Problem(s =>
        {
            s.WithBearerToken(Reader);
            s.Get.Url($"/api/stories/{story.StoryId}?{query}");
        }, HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task Another_newsrooms_story_is_not_found_by_the_worlds_clock()
    {
        await Answers(Stranger, Url("2026-01-31T00:00:00Z"), HttpStatusCode.NotFound);
        await Answers(Reader, $"/api/stories/{story.ForeignStoryId}?asOf=2026-01-31T00:00:00Z&clock=world", HttpStatusCode.NotFound);
        // The stranger's own story, with its claim made on 28 Jan, is there for the stranger.
        await Answers(Stranger, $"/api/stories/{story.ForeignStoryId}?asOf=2026-01-31T00:00:00Z&clock=world", HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Tracker.Commands.Role.Reporter)]
    [InlineData(Tracker.Commands.Role.Factchecker)]
    [InlineData(Tracker.Commands.Role.Editor)]
    [InlineData(Tracker.Commands.Role.Auditor)]
    public async Task Every_role_of_the_newsroom_reads_it(Tracker.Commands.Role role)
    {
        var (_, reader) = await story.App.As(role);

        await Answers(reader.Token, Url("2026-01-31T00:00:00Z"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_token_it_is_not_read()
    {
        await story.App.Problem(s => s.Get.Url(Url("2026-01-31T00:00:00Z")), HttpStatusCode.Unauthorized);
    }

    /// <summary>The replay's reader: a reporter of the newsroom, with the real token the fixture signed them in with.</summary>
    private string Reader => story.Reader.Token();

    /// <summary>The other newsroom's admin, with their real token.</summary>
    private string Stranger => story.Stranger.Token();

    private Task<IScenarioResult> Answers(string token, string url, HttpStatusCode status) =>
        story.App.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });

    private string Url(string asOf) => $"/api/stories/{story.StoryId}?asOf={Uri.EscapeDataString(asOf)}&clock=world";

    private Task<JsonElement> Read(string asOf) => story.App.GetJson(Reader, Url(asOf));

    private static List<JsonElement> Claims(JsonElement story) => [.. story.GetProperty("claims").EnumerateArray()];

    private JsonElement Meetings(JsonElement then) => Claims(then).Single(c => c.GetProperty("id").GetGuid() == story.Meetings);
}
