using System.Net;
using Alba;
using Tracker.Claims;
using Tracker.Replay;
using Tracker.Tests.Support;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Replay;

/// <summary>Diffs over HTTP agree with the history: between version n and n+1 is exactly event n+1, by version or by time.</summary>
[Collection(ReplayCollection.Name)]
public sealed class DiffRoutesTests(ReplayStory story)
{
    [Fact]
    public async Task Each_step_of_the_claim_shows_exactly_its_event()
    {
        var events = await story.Store.ReadStream(story.Newsroom, story.Meetings);
        events.Count.ShouldBe(12);
        foreach (var e in events)
        {
            var diff = await Diff($"/api/claims/{story.Meetings}/diff?from={e.Version - 1}&to={e.Version}");
            (diff.From.Version, diff.To.Version, diff.To.RecordedAt).ShouldBe((e.Version - 1, e.Version, e.RecordedAt));
            var c = diff.Changes;
            switch (e.Data)
            {
                case ClaimLogged logged:
                    (c.Logged, c.Text!.After).ShouldBe((true, logged.Text));
                    break;
                case AttributionAdded added:
                    c.AttributionsAdded.ShouldHaveSingleItem().Id.ShouldBe(added.AttributionId);
                    break;
                case AttributionWithdrawn withdrawn:
                    c.AttributionsWithdrawn.ShouldHaveSingleItem().Id.ShouldBe(withdrawn.AttributionId);
                    break;
                case TextCorrectionProposed:
                    c.Text.ShouldBeNull("a proposed rewording changes nothing visible until it is approved");
                    break;
                case TextCorrectionApproved:
                    c.Text!.After.ShouldBe(ReplayStory.Reworded);
                    c.Text.Words.Where(w => w.Op == WordOp.Inserted).Select(w => w.Text.Trim()).ShouldBe(["at least", "2025"]);
                    break;
                case VerdictProposed proposed:
                    c.PendingVerdict!.After!.VerdictId.ShouldBe(proposed.VerdictId);
                    break;
                case VerdictApproved approved:
                    c.PublishedVerdict!.After!.VerdictId.ShouldBe(approved.VerdictId);
                    c.Rating!.After.ShouldBe(approved.VerdictId == story.FirstVerdict ? "mostly_true" : "false");
                    break;
                case VerdictVoided voided:
                    c.PublishedVerdict!.Before!.VerdictId.ShouldBe(voided.VerdictId);
                    c.Status.ShouldBe(new Change<ClaimStatus>(ClaimStatus.Rated, ClaimStatus.Unrated));
                    break;
            }
            // The logging append carries the first attribution too; every other step is one event, so nothing else moved.
            if (e.Version > 2) c.AttributionsAdded.Count.ShouldBe(e.Data is AttributionAdded ? 1 : 0, e.Type);
            c.Corrections.Count.ShouldBe(e.Data is TextCorrectionApproved or VerdictVoided or AttributionWithdrawn
                || e.Data is VerdictApproved a && a.VerdictId == story.SecondVerdict ? 1 : 0, e.Type);
        }
    }

    [Fact]
    public async Task Moments_by_time_read_the_claim_as_it_stood()
    {
        var events = await story.Store.ReadStream(story.Newsroom, story.Meetings);
        var approved = events.First(e => e.Data is VerdictApproved);
        var voided = events.Last();

        var diff = await Diff($"/api/claims/{story.Meetings}/diff?from={Q(approved.RecordedAt)}&to={Q(voided.RecordedAt.AddTicks(-10))}");

        (diff.From.Version, diff.To.Version).ShouldBe((approved.Version, voided.Version - 1));
        diff.Changes.Rating.ShouldBe(new Change<string?>("mostly_true", "false"));
        diff.Changes.Text!.Before.ShouldBe(ThreeMeetings);
        diff.Changes.AttributionsWithdrawn.ShouldHaveSingleItem().Id.ShouldBe(story.GlobalTimesRelayed);
    }

    [Fact]
    public async Task A_story_diff_covers_its_title_and_its_claims()
    {
        var whole = (await Get<StoryDiff>($"/api/stories/{story.StoryId}/diff?from=1")).Changes;
        whole.Title!.After.ShouldBe(ReplayStory.Retitled);
        whole.Claims.Select(c => c.ClaimId).ShouldBe(story.Claims, ignoreOrder: true);
        whole.Claims.ShouldAllBe(c => c.Logged);

        var linkedAt = (await story.Store.ReadStream(story.Newsroom, story.Thirty)).Last().RecordedAt;
        var late = (await Get<StoryDiff>($"/api/stories/{story.StoryId}/diff?from={Q(linkedAt.AddTicks(-10))}")).Changes;
        late.Title.ShouldNotBeNull();
        late.Claims.Select(c => (c.ClaimId, c.LinksAdded.Single().Relation)).ShouldBe(
            [(story.Nineteen, LinkRelation.Contradicts), (story.Thirty, LinkRelation.Contradicts)], ignoreOrder: true);
    }

    [Theory]
    [InlineData("claims", "from=later", "from")]
    [InlineData("claims", "to=-1", "to")]
    [InlineData("stories", "to=2026-01-30", "to")]
    public async Task A_bad_moment_is_a_problem_naming_it(string resource, string query, string field)
    {
        var id = resource == "claims" ? story.Meetings : story.StoryId;
        await NotRead(Reader, $"/api/{resource}/{id}/diff?{query}", HttpStatusCode.BadRequest, field, "moment_format");
    }

    [Theory]
    [InlineData("claims", "from=1&to=50", "to")]
    [InlineData("claims", "from=99999&to=99999", "from")]
    [InlineData("claims", "from=13", "from")]
    [InlineData("stories", "from=0&to=99999", "to")]
    public async Task A_version_the_stream_has_not_reached_is_a_404_naming_it(string resource, string query, string field)
    {
        // The Meetings claim stands at version 12: past it there is no state to show, not an empty one.
        var id = resource == "claims" ? story.Meetings : story.StoryId;
        await NotRead(Reader, $"/api/{resource}/{id}/diff?{query}", HttpStatusCode.NotFound, field, "not_found");
    }

    [Theory]
    [InlineData("claims", "from=5&to=1")]
    [InlineData("stories", "from=2&to=1")]
    [InlineData("claims", "from=2026-01-30T12:00:00Z&to=2026-01-29T12:00:00Z")]
    [InlineData("claims", "from=3&to=2000-01-01T00:00:00Z")]
    public async Task From_after_to_is_a_400_naming_from(string resource, string query)
    {
        var id = resource == "claims" ? story.Meetings : story.StoryId;
        await NotRead(Reader, $"/api/{resource}/{id}/diff?{query}", HttpStatusCode.BadRequest, "from", "range_reversed");
    }

    [Fact]
    public async Task Another_newsroom_and_the_wrong_kind_of_id_get_404()
    {
        await NotRead(Stranger, $"/api/claims/{story.Meetings}/diff", HttpStatusCode.NotFound);
        await NotRead(Stranger, $"/api/stories/{story.StoryId}/diff", HttpStatusCode.NotFound);
        await NotRead(Reader, $"/api/claims/{story.StoryId}/diff", HttpStatusCode.NotFound);
        await NotRead(Reader, $"/api/stories/{story.ForeignStoryId}/diff", HttpStatusCode.NotFound);
    }

    private Task<ClaimDiff> Diff(string path) => Get<ClaimDiff>(path);

    private Task<T> Get<T>(string path) => story.App.GetJson<T>(Reader, path);

    private Task NotRead(string token, string url, HttpStatusCode status, string? field = null, string? rule = null) =>
        story.App.Problem(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
        }, status, field, rule);

    /// <summary>The replay's reader: a reporter of the newsroom, with the real token the fixture signed them in with.</summary>
    private string Reader => story.Reader.Token();

    /// <summary>The other newsroom's admin, with their real token.</summary>
    private string Stranger => story.Stranger.Token();

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
