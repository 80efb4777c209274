using System.Net;
using Alba;
using Tracker.Claims;
using Tracker.Corrections;
using Tracker.Tests.Support;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Replay;

/// <summary>The corrections register: each correction of the story, newest first, exactly as the claim itself records it.</summary>
[Collection(ReplayCollection.Name)]
public sealed class CorrectionsRegisterTests(ReplayStory story)
{
    [Fact]
    public async Task Lists_each_correction_with_before_after_note_and_approver_newest_first()
    {
        var register = await Register("");

        register.Corrections.Select(c => (c.Kind, c.Before, c.After, c.Note, c.ApprovedBy)).ShouldBe([
            (CorrectionKind.VerdictVoided, "false: The count rests on the group's account.", null, "Rated the wrong claim", "Ed Itor"),
            (CorrectionKind.AttributionWithdrawn, $"relay: {ThreeMeetingsAsGlobalTimes}", null, "Global Times relayed CNN here", "Erin Editor"),
            (CorrectionKind.VerdictSuperseded, "mostly_true: Rath confirms the meetings.", "false: The count rests on the group's account.",
                "The count comes from the group alone.", "Erin Editor"),
            (CorrectionKind.TextCorrected, ThreeMeetings, ReplayStory.Reworded, "LA News gives the year", "Erin Editor"),
        ]);
        register.Corrections.ShouldAllBe(c => c.ClaimId == story.Meetings && c.StoryId == story.StoryId);
        register.Corrections.Select(c => c.Claim).Distinct().ShouldBe([ReplayStory.Reworded]);
    }

    [Fact]
    public async Task Agrees_with_the_claim_s_own_corrections()
    {
        var claim = (await story.Store.AggregateStream<Claim>(story.Newsroom, story.Meetings))!.State;

        var register = await Register("");

        register.Corrections.Reverse().Select(c => new Correction(c.At, c.Version, c.Kind, c.Field, c.Before, c.After, c.Note, c.ApprovedBy))
            .ShouldBe(claim.Corrections);
    }

    [Fact]
    public async Task Filters_by_date()
    {
        var all = (await Register("")).Corrections;
        var (from, to) = (all[2].At, all[1].At);

        var register = await Register($"?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");

        register.Corrections.Select(c => c.Kind).ShouldBe([CorrectionKind.AttributionWithdrawn, CorrectionKind.VerdictSuperseded]);
        await story.App.Problem(s =>
        {
            s.WithBearerToken(Reader);
            s.Get.Url("/api/corrections?to=soon");
        }, HttpStatusCode.BadRequest, "to", "timestamp_format");
    }

    [Fact]
    public async Task Another_newsroom_sees_none_of_them()
    {
        var register = await story.App.GetJson<CorrectionsRegister>(story.Stranger.Token(), "/api/corrections");

        register.Corrections.ShouldBeEmpty();
    }

    private Task<CorrectionsRegister> Register(string query) => story.App.GetJson<CorrectionsRegister>(Reader, $"/api/corrections{query}");

    /// <summary>The replay's reader: a reporter of the newsroom, with the real token the fixture signed them in with.</summary>
    private string Reader => story.Reader.Token();
}
