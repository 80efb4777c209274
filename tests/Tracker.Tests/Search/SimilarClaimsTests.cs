using Tracker.Commands;
using Tracker.Demo;
using Tracker.Hosting;
using Tracker.Tests.Support;
using Xunit.Abstractions;

namespace Tracker.Tests.Search;

/// <summary>The demo story (built from the seed articles) loaded into a newsroom of its own, searched through the API.</summary>
public sealed class DemoNewsroomFixture : IAsyncLifetime
{
    public const string Slug = "demo-search";

    public TrackerAppFactory App { get; } = new();
    public DemoIds Ids { get; } = new(Slug);
    /// <summary>The demo newsroom's first admin's real token, as first start issued it.</summary>
    public string Desk { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var admin = await FirstStart.OpenNewsroom(App.Services, Slug, "Demo desk", CancellationToken.None);
        await DemoLoader.From(App.Services).Load(Slug, DemoScript.Shipped());
        Desk = admin!.Token;
    }

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

/// <summary>
/// GET /api/claims/similar on the demo story: a restatement ranks the claim it restates first, with a score; numbers in
/// words and the separation words are read alike; archived claims are not suggested.
/// </summary>
public sealed class SimilarClaimsTests(DemoNewsroomFixture demo, ITestOutputHelper output) : IClassFixture<DemoNewsroomFixture>
{
    private async Task<List<(Guid Id, string Text, double Score)>> Similar(string token, string text)
    {
        var found = (await demo.App.GetJson(token, $"/api/claims/similar?text={Uri.EscapeDataString(text)}"))
            .GetProperty("claims").EnumerateArray()
            .Select(c => (Id: c.GetProperty("id").GetGuid(), Text: c.GetProperty("text").GetString()!, Score: c.GetProperty("score").GetDouble())).ToList();
        output.WriteLine(text);
        foreach (var (i, f) in found.Index()) output.WriteLine($"  {i + 1}. {f.Score:0.000} {f.Text}");
        return found;
    }

    [Theory]
    [InlineData("Nineteen per cent of Albertans support leaving Canada", "pollara-19")]
    [InlineData("19% of Albertans back separation", "pollara-19")]
    [InlineData("Thirty percent of Albertans back sovereignty", "smith-30")]
    [InlineData("Alberta produces 84% of Canada's crude oil", "oil-84")]
    [InlineData("The APP needs 177,000 signatures to bring its petition to the legislature", "signatures-177000")]
    [InlineData("Trump threatened a 100% tariff on Canadian goods over the China trade deal", "tariff-100")]
    [InlineData("Eby said asking a foreign country to help break up Canada is treason", "eby-treason")]
    public async Task A_restatement_ranks_the_claim_it_restates_first(string text, string claim)
    {
        var found = await Similar(demo.Desk, text);
        found.Count.ShouldBeInRange(1, 10);
        found[0].Id.ShouldBe(demo.Ids.Claim(claim));
        found.Select(f => f.Score).ShouldBeInOrder(SortDirection.Descending);
        found[0].Score.ShouldBeInRange(0.6, 1.0);
    }

    [Fact]
    public async Task The_issues_own_pair_ranks_first_among_the_demo_story()
    {
        // The claim as issue 19 words it, logged beside the demo's, and its restatement in words.
        var reporter = (await demo.App.As(Role.Reporter)).Account.Token;
        var newsroom = (await demo.App.OtherNewsroom(Role.Reporter)).Token();
        var story = (await demo.App.PostJson(newsroom, "/api/stories", new { title = "Polls", summary = "Support for leaving" })).Id();
        var claim = (await demo.App.PostJson(newsroom, $"/api/stories/{story}/claims", new { text = "19% of Albertans back separation" })).Id();
        await demo.App.PostJson(newsroom, $"/api/stories/{story}/claims", new { text = "About 30% of Albertans support sovereignty." });
        await demo.App.PostJson(newsroom, $"/api/stories/{story}/claims", new { text = "US officials have met multiple times with Alberta separatists seeking independence." });
        var found = await Similar(newsroom, "Nineteen per cent of Albertans support leaving Canada");
        found[0].Id.ShouldBe(claim);
        found[0].Score.ShouldBe(1.0);
        (await Similar(reporter, "19% of Albertans back separation")).ShouldNotContain(f => f.Id == claim);
    }

    [Fact]
    public async Task Wording_alone_is_not_a_restatement()
    {
        // Shares "Alberta" and "Canada" with half the story, and says nothing any claim says.
        (await Similar(demo.Desk, "Alberta weather in Canada is cold")).ShouldBeEmpty();
    }
}
