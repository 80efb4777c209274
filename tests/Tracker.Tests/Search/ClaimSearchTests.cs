using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Search;

/// <summary>
/// GET /api/claims?q= matches claim text, quotes and source names by stem and by near-spelling, ranked, with the total;
/// the filters combine with it; another newsroom's claims never match; bad parameters name the field and the rule.
/// </summary>
public sealed class ClaimSearchTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    /// <summary>The seeded claims and the real token of the reporter (and fact-checker) who logged them.</summary>
    private sealed record Desk(string Reporter, Guid Story, Guid Separatists, Guid Poll, Guid Oil, Guid Pollara);

    private async Task<Desk> Seed()
    {
        var reporter = (await app.As(Role.Reporter, Role.Factchecker)).Account.Token;
        var story = (await app.PostJson(reporter, "/api/stories", new { title = "Alberta separatists", summary = "Meetings in Washington" })).Id();
        var separatists = (await app.PostJson(reporter, $"/api/stories/{story}/claims", new { text = "US officials have met multiple times with Alberta separatists seeking independence." })).Id();
        var poll = (await app.PostJson(reporter, $"/api/stories/{story}/claims", new { text = "Only 19% of Albertans would vote for secession." })).Id();
        var oil = (await app.PostJson(reporter, $"/api/stories/{story}/claims", new { text = "Oil sands account for about 84 percent of crude production." })).Id();
        var pollara = (await app.PostJson(reporter, "/api/sources", new { kind = "organization", name = "Pollara Strategic Insights" })).Id();
        await app.PostJson(reporter, $"/api/claims/{poll}/attributions", new { sourceId = pollara, role = "claimant", quote = "Support for the separatist option sits at 19 percent" });
        return new Desk(reporter, story, separatists, poll, oil, pollara);
    }

    private async Task<(int Total, List<Guid> Ids)> Search(string token, string query)
    {
        var page = await app.GetJson(token, $"/api/claims?{query}");
        return (page.GetProperty("total").GetInt32(), page.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList());
    }

    private static string Mine(Desk desk, string query) => $"story={desk.Story}&{query}";

    [Fact]
    public async Task Words_match_by_stem_and_text_outranks_a_quote()
    {
        var desk = await Seed();
        // "separatist" is in one claim's text and in the other's quote; "separatists" is stemmed to the same word.
        var (total, ids) = await Search(desk.Reporter, Mine(desk, "q=separatist"));
        (total, ids.Count).ShouldBe((2, 2));
        ids.ShouldBe([desk.Separatists, desk.Poll]);
    }

    [Fact]
    public async Task Figures_are_found_as_the_claim_writes_them()
    {
        var desk = await Seed();
        var petition = (await app.PostJson(desk.Reporter, $"/api/stories/{desk.Story}/claims", new { text = "The petition gathered 177,000 signatures in 4.5 weeks." })).Id();
        (await Search(desk.Reporter, Mine(desk, "q=19%25"))).Ids.ShouldBe([desk.Poll]);
        (await Search(desk.Reporter, Mine(desk, "q=84%25%20crude"))).Ids.ShouldBe([desk.Oil]);
        (await Search(desk.Reporter, Mine(desk, "q=177,000%20signatures"))).Ids.ShouldBe([petition]);
        (await Search(desk.Reporter, Mine(desk, "q=4.5%20weeks"))).Ids.ShouldBe([petition]);
    }

    [Fact]
    public async Task A_misspelt_word_finds_the_word_the_newsroom_wrote()
    {
        var desk = await Seed();
        (await Search(desk.Reporter, Mine(desk, "q=Albreta"))).Ids.ShouldBe([desk.Separatists]);
        (await Search(desk.Reporter, Mine(desk, "q=Albreta%20sepratists"))).Ids.ShouldBe([desk.Separatists]);
        // Every word is required: a misspelling is widened, not dropped.
        (await Search(desk.Reporter, Mine(desk, "q=Albreta%20crude"))).Total.ShouldBe(0);
    }

    [Fact]
    public async Task A_source_name_finds_the_claims_attributed_to_it()
    {
        var desk = await Seed();
        (await Search(desk.Reporter, Mine(desk, "q=pollara"))).Ids.ShouldBe([desk.Poll]);
        (await Search(desk.Reporter, Mine(desk, $"source={desk.Pollara}"))).Ids.ShouldBe([desk.Poll]);
        // A corrected name is searched by its new words at once: no claim needs rewriting.
        await app.PostJson(desk.Reporter, $"/api/sources/{desk.Pollara}/details",
            new { changes = new { name = "Pollara Research Canada" }, reason = "Renamed" });
        (await Search(desk.Reporter, Mine(desk, "q=research"))).Ids.ShouldBe([desk.Poll]);
    }

    [Fact]
    public async Task Words_combine_with_the_filters_and_pages_keep_the_total()
    {
        var desk = await Seed();
        var checker = (await app.As(Role.Factchecker)).Account.Token;
        await app.PostJson(checker, $"/api/claims/{desk.Oil}/tags", new { add = new[] { "energy" } });
        (await Search(desk.Reporter, Mine(desk, "q=percent&tag=energy"))).Ids.ShouldBe([desk.Oil]);
        (await Search(desk.Reporter, Mine(desk, "q=percent&status=rated"))).Total.ShouldBe(0);
        var first = await Search(desk.Reporter, Mine(desk, "sort=text&pageSize=2"));
        var second = await Search(desk.Reporter, Mine(desk, "sort=text&pageSize=2&page=2"));
        (first.Total, second.Total).ShouldBe((3, 3));
        first.Ids.Concat(second.Ids).ShouldBe([desk.Oil, desk.Poll, desk.Separatists]);
    }

    [Fact]
    public async Task A_newsroom_never_finds_another_newsrooms_claims()
    {
        var desk = await Seed();
        var other = (await app.OtherNewsroom(Role.Reporter)).Token();
        (await Search(other, "q=separatists")).Total.ShouldBe(0);
        (await Search(other, "q=Albreta")).Total.ShouldBe(0);
        (await Search(other, $"source={desk.Pollara}")).Total.ShouldBe(0);
        var similar = await app.GetJson(other, "/api/claims/similar?text=19%25%20of%20Albertans%20back%20secession");
        similar.GetProperty("claims").GetArrayLength().ShouldBe(0);
        (await Search(desk.Reporter, "q=separatists")).Total.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [InlineData("q=%20.%20", "q", "no_words")]
    [InlineData("sort=loudest", "sort", "one_of")]
    [InlineData("sort=relevance", "sort", "one_of")]
    [InlineData("source=pollara", "source", "invalid_format")]
    [InlineData("pageSize=500", "pageSize", "out_of_range")]
    public async Task Bad_parameters_name_the_field_and_the_rule(string query, string field, string rule)
    {
        var (_, reporter) = await app.As(Role.Reporter);
        await Refused(reporter.Token, $"/api/claims?{query}", field, rule);
    }

    [Fact]
    public async Task A_search_too_long_or_a_similar_without_text_is_refused()
    {
        var (_, reporter) = await app.As(Role.Reporter);
        await Refused(reporter.Token, $"/api/claims?q={new string('a', 201)}", "q", "too_long");
        await Refused(reporter.Token, "/api/claims/similar?text=%20", "text", "required");
    }

    /// <summary>A search the API refuses as a bad request naming the field and the rule.</summary>
    private Task Refused(string token, string url, string field, string rule) =>
        app.Problem(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url(url);
        }, HttpStatusCode.BadRequest, field, rule);
}
