using System.Net;
using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Scenarios;

/// <summary>The demo story's main paths, end to end through the API, as the desk would walk them.</summary>
public sealed class ClaimWorkflowScenarios(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Log_attribute_propose_approve_correct_void_link_and_read_back_in_time()
    {
        var reporter = (await app.As(Role.Reporter)).Account.Token;
        var (_, checkerAccount) = await app.As(Role.Factchecker);
        var checker = checkerAccount.Token;
        var editor = (await app.As(Role.Editor)).Account.Token;
        var secondEditor = (await app.As(Role.Editor)).Account.Token;

        var story = (await app.PostJson(reporter, "/api/stories", new { title = "US officials and Alberta separatists", summary = "Jan–Mar 2026 coverage" })).Id();
        var rath = (await app.PostJson(reporter, "/api/sources", new { kind = "person", name = "Jeff Rath", outlet = "Alberta Prosperity Project" })).Id();
        var ft = (await app.PostJson(reporter, "/api/sources", new { kind = "article", name = "US officials met Alberta separatists", outlet = "Financial Times", publishedAt = "2026-01-29T00:00:00Z" })).Id();
        var globalTimes = (await app.PostJson(reporter, "/api/sources", new { kind = "article", name = "Global Times on the FT report", outlet = "Global Times", publishedAt = "2026-01-30T00:00:00Z" })).Id();

        // Rath said it, the FT reported it, Global Times relayed the FT: a three-link chain.
        var logged = await app.PostJson(reporter, $"/api/stories/{story}/claims", new
        {
            text = "APP leaders met State Department officials three times since April",
            claimedAt = "2026-01-29T00:00:00Z",
            attribution = new { sourceId = rath, role = "claimant", quote = "We have met with them three times" },
        });
        var claim = logged.Id();
        var ftReport = (await app.PostJson(reporter, $"/api/claims/{claim}/attributions", new { sourceId = ft, role = "reporter", quote = "met three times since April last year" })).Id("attributionId");
        await app.PostJson(reporter, $"/api/claims/{claim}/attributions", new { sourceId = globalTimes, role = "relay", quote = "three times since April last year, the FT reported", via = ftReport });

        var view = await Read(reporter, claim);
        var chain = view.GetProperty("attributionChain").EnumerateArray().ToList();
        chain.Select(n => n.GetProperty("attribution").GetProperty("role").GetString()).ShouldBe(["claimant", "reporter"], ignoreOrder: true);
        var reported = chain.Single(n => n.GetProperty("attribution").GetProperty("role").GetString() == "reporter");
        reported.GetProperty("relays").EnumerateArray().Single().GetProperty("attribution").GetProperty("sourceId").GetGuid().ShouldBe(globalTimes);

        // A reporter may not propose; a fact-checker proposes; the proposer may not approve, even holding editor rights.
        await app.PostProblem(reporter, $"/api/claims/{claim}/verdicts", Verdict("half_true"), HttpStatusCode.Forbidden);
        var first = (await app.PostJson(checker, $"/api/claims/{claim}/verdicts", Verdict("half_true"))).Id("verdictId");
        (await Read(editor, claim)).GetProperty("status").GetString().ShouldBe("under_review");
        await app.PostJson(app.Admin.Token(), $"/api/accounts/{checkerAccount.Id}/roles", new { roles = new[] { "factchecker", "editor" } });
        await app.Problem(s =>
        {
            s.WithBearerToken(checker);
            s.Post.Url($"/api/claims/{claim}/verdicts/{first}/approve");
        }, HttpStatusCode.Forbidden, rule: "own_verdict");
        await app.PostJson(editor, $"/api/claims/{claim}/verdicts/{first}/approve", new { });
        var published = await Read(editor, claim);
        published.GetProperty("status").GetString().ShouldBe("rated");
        published.GetProperty("publishedVerdict").GetProperty("rating").GetString().ShouldBe("half_true");
        var beforeCorrection = DateTimeOffset.Parse(published.GetProperty("publishedVerdict").GetProperty("approvedAt").GetString()!);

        // Correcting a published verdict needs a note; once approved it supersedes the old one and is registered.
        await app.PostProblem(checker, $"/api/claims/{claim}/verdicts", Verdict("mostly_true"),
            HttpStatusCode.UnprocessableEntity, "correctionNote", "required_for_correction");
        var second = (await app.PostJson(checker, $"/api/claims/{claim}/verdicts", Verdict("mostly_true", "The State Department later confirmed the meetings."))).Id("verdictId");
        await app.PostJson(secondEditor, $"/api/claims/{claim}/verdicts/{second}/approve", new { });
        var corrected = await Read(editor, claim);
        corrected.GetProperty("publishedVerdict").GetProperty("verdictId").GetGuid().ShouldBe(second);
        var correction = corrected.GetProperty("corrections").EnumerateArray().ShouldHaveSingleItem();
        correction.GetProperty("note").GetString().ShouldBe("The State Department later confirmed the meetings.");
        correction.GetProperty("before").GetString()!.ShouldContain("half_true");
        correction.GetProperty("after").GetString()!.ShouldContain("mostly_true");

        // As of a moment before the correction, the old verdict stands; after it, the new one.
        var then = await app.GetJson(reporter, $"/api/claims/{claim}?asOf={Uri.EscapeDataString(beforeCorrection.ToString("O"))}");
        then.GetProperty("publishedVerdict").GetProperty("rating").GetString().ShouldBe("half_true");
        then.GetProperty("corrections").GetArrayLength().ShouldBe(0);
        (await app.GetJson(reporter, $"/api/claims/{claim}?version={corrected.GetProperty("version").GetInt32()}"))
            .GetProperty("publishedVerdict").GetProperty("rating").GetString().ShouldBe("mostly_true");

        // Voiding keeps the record and is a correction too.
        await app.PostJson(editor, $"/api/claims/{claim}/verdicts/{second}/void", new { reason = "Relied on a misquoted briefing" });
        var voided = await Read(editor, claim);
        voided.GetProperty("status").GetString().ShouldBe("unrated");
        voided.GetProperty("verdicts").EnumerateArray().Select(v => v.GetProperty("outcome").GetString()).ShouldBe(["superseded", "voided"]);
        voided.GetProperty("corrections").GetArrayLength().ShouldBe(2);

        // "Secret meetings" contradicts "not a secret": the link lands on both claims at once.
        var secret = (await app.PostJson(reporter, $"/api/stories/{story}/claims", new { text = "US officials held secret meetings with Alberta separatists" })).Id();
        var notSecret = (await app.PostJson(reporter, $"/api/stories/{story}/claims", new { text = "Those meetings were not a secret" })).Id();
        await app.PostJson(checker, $"/api/claims/{secret}/links", new { otherClaimId = notSecret, relation = "contradicts", note = "Rath to the Globe and Mail" });
        (await Read(checker, secret)).GetProperty("links").EnumerateArray().Single().GetProperty("otherClaimId").GetGuid().ShouldBe(notSecret);
        var mirrored = (await Read(checker, notSecret)).GetProperty("links").EnumerateArray().Single();
        mirrored.GetProperty("otherClaimId").GetGuid().ShouldBe(secret);
        mirrored.GetProperty("inverse").GetBoolean().ShouldBeTrue();

        // The story reads back with its claims, now and as it stood.
        var storyNow = await app.GetJson(reporter, $"/api/stories/{story}");
        storyNow.GetProperty("claims").GetArrayLength().ShouldBe(3);
        var board = await app.GetJson(reporter, "/api/stories");
        board.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == story).GetProperty("claims").GetInt32().ShouldBe(3);

        var history = await app.GetJson(reporter, $"/api/claims/{claim}/history");
        var types = history.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        types.ShouldBe(["claim_logged", "attribution_added", "attribution_added", "attribution_added", "verdict_proposed", "verdict_approved",
            "verdict_proposed", "verdict_approved", "verdict_voided"]);
        history.EnumerateArray().Last().GetProperty("reason").GetString().ShouldBe("Relied on a misquoted briefing");
        history.EnumerateArray().ShouldAllBe(e => e.GetProperty("hash").GetString()!.Length == 64);
        (await app.Store.Verify("newsroom")).Ok.ShouldBeTrue();
    }

    private static object Verdict(string rating, string? correctionNote = null) => new
    {
        rating,
        summary = "The FT reported three meetings on the group's own account",
        evidence = new[] { new { note = "Financial Times, 29 January 2026", url = "https://www.ft.com/" } },
        correctionNote,
    };

    private Task<JsonElement> Read(string token, Guid claim) => app.GetJson(token, $"/api/claims/{claim}");
}
