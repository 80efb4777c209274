using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Conventions;
using Tracker.Tests.Support;

namespace Tracker.Tests.Scenarios;

/// <summary>Every kind of bad input to the claim routes: a problem naming the field and the rule, and nothing appended.</summary>
public sealed class BadClaimInputTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>, IAsyncLifetime
{
    private ForeignIds ids = null!;
    private string editor = "";
    private Guid foreignClaim;

    public async Task InitializeAsync()
    {
        var (_, account) = await app.As(Role.Reporter);
        ids = await Newsroom.Seed(app, account);
        editor = (await app.As(Role.Editor)).Account.Token;
        var stranger = (await app.OtherNewsroom(Role.Editor)).Token();
        var story = (await app.PostJson(stranger, "/api/stories", new { title = "Elsewhere", summary = "Another desk" })).Id();
        foreignClaim = (await app.PostJson(stranger, $"/api/stories/{story}/claims", new { text = "Their claim" })).Id();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string, int, string?, string> Cases() => new()
    {
        // name, path template, body, status, field, rule
        { "empty claim text", "/api/stories/{story}/claims", """{"text":"   "}""", 422, "text", "required" },
        { "over-long claim text", "/api/stories/{story}/claims", $$"""{"text":"{{new string('a', 2001)}}"}""", 422, "text", "too_long" },
        { "claim date that does not parse", "/api/stories/{story}/claims", """{"text":"x","claimedAt":"last Tuesday"}""", 400, "claimedAt", "type" },
        { "claim in the future", "/api/stories/{story}/claims", """{"text":"x","claimedAt":"2999-01-01T00:00:00Z"}""", 422, "claimedAt", "in_future" },
        { "unknown field on a claim", "/api/stories/{story}/claims", """{"text":"x","rating":"false"}""", 400, "rating", "unknown_field" },
        // A new claim's first attribution is checked by the attributions route's rules, naming the field in the body.
        { "new claim's attribution to an unknown source", "/api/stories/{story}/claims", """{"text":"t","attribution":{"sourceId":"{random}","role":"claimant","quote":"q"}}""", 422, "attribution.sourceId", "not_found" },
        { "new claim's attribution without a quote", "/api/stories/{story}/claims", """{"text":"t","attribution":{"sourceId":"{source}","role":"claimant","quote":" "}}""", 422, "attribution.quote", "required" },
        { "new claim's attribution with a non-http url", "/api/stories/{story}/claims", """{"text":"t","attribution":{"sourceId":"{source}","role":"claimant","quote":"q","url":"ftp://x"}}""", 422, "attribution.url", "url" },
        { "new claim's claimant naming via", "/api/stories/{story}/claims", """{"text":"t","attribution":{"sourceId":"{source}","role":"claimant","quote":"q","via":"{random}"}}""", 422, "attribution.via", "only_for_relay" },
        { "new claim's relay without via", "/api/stories/{story}/claims", """{"text":"t","attribution":{"sourceId":"{source}","role":"relay","quote":"q"}}""", 422, "attribution.via", "required_for_relay" },
        { "over-long quote", "/api/claims/{claim}/attributions", $$"""{"sourceId":"{source}","role":"claimant","quote":"{{new string('q', 10_001)}}"}""", 422, "quote", "too_long" },
        { "attribution to an unknown source", "/api/claims/{claim}/attributions", """{"sourceId":"{random}","role":"claimant","quote":"q"}""", 422, "sourceId", "not_found" },
        { "unknown attribution role", "/api/claims/{claim}/attributions", """{"sourceId":"{source}","role":"gossip","quote":"q"}""", 400, "role", "type" },
        { "relay without via", "/api/claims/{claim}/attributions", """{"sourceId":"{source}","role":"relay","quote":"q"}""", 422, "via", "required_for_relay" },
        { "rating not on the scale", "/api/claims/{other}/verdicts", """{"rating":"pants_on_fire","summary":"s","evidence":[{"note":"n"}]}""", 422, "rating", "not_on_scale" },
        { "verdict without evidence", "/api/claims/{other}/verdicts", """{"rating":"false","summary":"s","evidence":[]}""", 422, "evidence", "required" },
        { "second pending verdict", "/api/claims/{claim}/verdicts", """{"rating":"false","summary":"s","evidence":[{"note":"n"}]}""", 409, null, "verdict_pending" },
        { "approval of an unknown verdict", "/api/claims/{claim}/verdicts/{random}/approve", "{}", 404, "verdictId", "not_found" },
        { "link to the claim itself", "/api/claims/{claim}/links", """{"otherClaimId":"{claim}","relation":"contradicts"}""", 422, "otherClaimId", "self_link" },
        { "link to another newsroom's claim", "/api/claims/{claim}/links", """{"otherClaimId":"{foreign}","relation":"contradicts"}""", 422, "otherClaimId", "not_found" },
        { "unknown link relation", "/api/claims/{claim}/links", """{"otherClaimId":"{other}","relation":"hates"}""", 400, "relation", "type" },
        { "text correction without reason", "/api/claims/{claim}/text", """{"text":"new","reason":""}""", 422, "reason", "required" },
        { "source with a non-http url", "/api/sources", """{"kind":"article","name":"n","url":"javascript:alert(1)"}""", 422, "url", "url" },
        { "source of an unknown kind", "/api/sources", """{"kind":"rumour","name":"n"}""", 400, "kind", "type" },
        { "story without a title", "/api/stories", """{"title":"","summary":"s"}""", 422, "title", "required" },
        { "asOf that does not parse", "GET /api/claims/{claim}?asOf=yesterday", "", 400, "asOf", "timestamp_format" },
        { "version that is not a number", "GET /api/claims/{claim}?version=two", "", 400, "version", "version_format" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_that_names_field_and_rule_and_writes_nothing(string name, string path, string body, int status, string? field, string rule)
    {
        string Fill(string s) => s.Replace("{story}", ids.StoryId.ToString()).Replace("{claim}", ids.ClaimId.ToString())
            .Replace("{other}", ids.OtherClaimId.ToString()).Replace("{source}", ids.SourceId.ToString())
            .Replace("{foreign}", foreignClaim.ToString()).Replace("{random}", Guid.NewGuid().ToString());
        var before = await app.EventCount();
        await app.Problem(s =>
        {
            s.WithBearerToken(editor);
            if (path.StartsWith("GET ")) s.Get.Url(Fill(path[4..]));
            else s.Post.RawJson(Fill(body)).ToUrl(Fill(path));
        }, (HttpStatusCode)status, field, rule);
        (await app.EventCount()).ShouldBe(before, name);
    }

    [Fact]
    public async Task An_already_decided_verdict_cannot_be_decided_again()
    {
        await app.PostJson(editor, $"/api/claims/{ids.ClaimId}/verdicts/{ids.VerdictId}/approve", new { });
        var before = await app.EventCount();
        await app.Problem(s =>
        {
            s.WithBearerToken(editor);
            s.Post.Url($"/api/claims/{ids.ClaimId}/verdicts/{ids.VerdictId}/approve");
        }, HttpStatusCode.Conflict);
        await app.Problem(s =>
        {
            s.WithBearerToken(editor);
            s.Post.RawJson("""{"reason":"late"}""").ToUrl($"/api/claims/{ids.ClaimId}/verdicts/{ids.VerdictId}/reject");
        }, HttpStatusCode.Conflict);
        (await app.EventCount()).ShouldBe(before);
    }
}
