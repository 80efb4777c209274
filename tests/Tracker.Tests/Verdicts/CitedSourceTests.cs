using System.Net;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Verdicts;

/// <summary>
/// Evidence citing the newsroom's source registry: only the newsroom's own sources, and when one is retracted or its
/// details corrected, the claims whose published verdict cites it return to the editors' queue until a newer verdict is published.
/// </summary>
public sealed class CitedSourceTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_verdict_cites_a_registered_source_by_id()
    {
        var (desk, claim, source) = await Desk();
        var verdict = (await app.PostJson(desk.Checker, $"/api/claims/{claim}/verdicts", Citing(source))).Id("verdictId");

        var view = await app.GetJson(desk.Checker, $"/api/claims/{claim}");
        var evidence = view.GetProperty("pendingVerdict").GetProperty("evidence")[0];
        view.GetProperty("pendingVerdict").GetProperty("verdictId").GetGuid().ShouldBe(verdict);
        evidence.GetProperty("sourceId").GetGuid().ShouldBe(source);
        evidence.GetProperty("note").GetString().ShouldBe("The FT's account of the meetings");
    }

    [Fact]
    public async Task An_unknown_or_another_newsrooms_source_is_refused_by_name_and_nothing_is_appended()
    {
        var (desk, claim, _) = await Desk();
        var other = await app.OtherNewsroom(Role.Reporter);
        var foreign = (await app.PostJson(other.Token(), "/api/sources", new { kind = "article", name = "Their own source" })).Id();
        foreach (var sourceId in new[] { foreign, Guid.NewGuid() })
        {
            var before = await app.EventCount();
            await app.PostProblem(desk.Checker, $"/api/claims/{claim}/verdicts", new
            {
                rating = "true", summary = "Confirmed", evidence = new object[] { new { note = "A link", url = "https://example.org/" }, new { sourceId } },
            }, HttpStatusCode.UnprocessableEntity, "evidence[1].sourceId", "not_found");
            (await app.EventCount()).ShouldBe(before);
        }
    }

    [Fact]
    public async Task A_retracted_cited_source_puts_the_claim_on_the_editors_queue_and_nobody_elses()
    {
        var (desk, claim, source) = await Desk();
        var verdict = await Publish(desk, claim, Citing(source));
        Flags(await Queue(desk.Editor), claim).ShouldBeEmpty("nothing changed since the verdict was published");

        await app.PostJson(desk.Checker, $"/api/sources/{source}/retract", new { note = "The FT withdrew the piece" });

        var flag = Flags(await Queue(desk.Editor), claim).ShouldHaveSingleItem();
        flag.GetProperty("claimId").GetGuid().ShouldBe(claim);
        flag.GetProperty("verdictId").GetGuid().ShouldBe(verdict);
        flag.GetProperty("sourceId").GetGuid().ShouldBe(source);
        flag.GetProperty("source").GetString().ShouldBe("FT report");
        (flag.GetProperty("change").GetString(), flag.GetProperty("changeNote").GetString()).ShouldBe(("retracted", "The FT withdrew the piece"));
        var approvedAt = (await app.GetJson(desk.Editor, $"/api/claims/{claim}")).GetProperty("publishedVerdict").GetProperty("approvedAt").GetDateTimeOffset();
        flag.GetProperty("changedAt").GetDateTimeOffset().ShouldBeGreaterThan(approvedAt);
        Flags(await Queue(desk.Reporter), claim).ShouldBeEmpty("only editors review");
        Flags(await Queue((await app.OtherNewsroom(Role.Editor)).Token()), claim).ShouldBeEmpty("another newsroom's queue is its own");
    }

    [Fact]
    public async Task Corrected_details_flag_the_claim_until_a_newer_verdict_is_published()
    {
        var (desk, claim, source) = await Desk();
        await Publish(desk, claim, Citing(source));

        await app.PostJson(desk.Reporter, $"/api/sources/{source}/details", new { changes = new { name = "FT report (amended)" }, reason = "The FT changed the headline" });
        var flag = Flags(await Queue(desk.Editor), claim).ShouldHaveSingleItem();
        (flag.GetProperty("change").GetString(), flag.GetProperty("source").GetString()).ShouldBe(("details_corrected", "FT report (amended)"));

        // The newer verdict may cite the same source: it was approved knowing the change.
        await Publish(desk, claim, Citing(source) with { correctionNote = "Re-read the amended report" });
        Flags(await Queue(desk.Editor), claim).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_claim_whose_verdict_does_not_cite_the_source_is_not_flagged()
    {
        var (desk, claim, source) = await Desk();
        await Publish(desk, claim, new Proposal("true", "Confirmed", [new { note = "A phone call" }]));
        await app.PostJson(desk.Checker, $"/api/sources/{source}/retract", new { note = "Withdrawn" });
        Flags(await Queue(desk.Editor), claim).ShouldBeEmpty();
    }

    /// <summary>The desk's real tokens, as each signed up.</summary>
    private sealed record Team(string Reporter, string Checker, string Editor);

    private sealed record Proposal(string rating, string summary, object[] evidence, string? correctionNote = null);

    private static Proposal Citing(Guid source) =>
        new("mostly_true", "The meetings happened", [new { note = "The FT's account of the meetings", sourceId = source }]);

    private async Task<(Team Desk, Guid Claim, Guid Source)> Desk()
    {
        var desk = new Team((await app.As(Role.Reporter)).Account.Token, (await app.As(Role.Factchecker)).Account.Token,
            (await app.As(Role.Editor)).Account.Token);
        var story = (await app.PostJson(desk.Reporter, "/api/stories", new { title = "Separatists", summary = "Meetings" })).Id();
        var source = (await app.PostJson(desk.Reporter, "/api/sources", new { kind = "article", name = "FT report", url = "https://www.ft.com/content/1" })).Id();
        var claim = (await app.PostJson(desk.Reporter, $"/api/stories/{story}/claims", new { text = "Three meetings were held" })).Id();
        return (desk, claim, source);
    }

    private async Task<Guid> Publish(Team desk, Guid claim, Proposal proposal)
    {
        var verdict = (await app.PostJson(desk.Checker, $"/api/claims/{claim}/verdicts", proposal)).Id("verdictId");
        await app.PostJson(desk.Editor, $"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
        return verdict;
    }

    private async Task<List<JsonElement>> Queue(string token) => [.. (await app.GetJson(token, "/api/queue")).EnumerateArray()];

    /// <summary>The claim's "cited source changed" items: the newsroom is shared with the other tests of the class.</summary>
    private static List<JsonElement> Flags(List<JsonElement> queue, Guid claim) =>
        [.. queue.Where(q => q.GetProperty("kind").GetString() == "cited_source_changed" && q.GetProperty("claimId").GetGuid() == claim)];
}
