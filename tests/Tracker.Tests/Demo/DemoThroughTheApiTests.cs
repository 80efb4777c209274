using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Demo;

/// <summary>The app started with --demo on a fresh database, read the way a desk and an auditor would: through the API.</summary>
public sealed class DemoThroughTheApiFixture : IAsyncLifetime
{
    public TrackerAppFactory App { get; } = new();
    /// <summary>The editor's real token, as they signed up.</summary>
    public string Editor { get; private set; } = "";
    /// <summary>The auditor's real token, as they signed up.</summary>
    public string Auditor { get; private set; } = "";
    public Guid StoryId { get; private set; }
    public List<JsonElement> Claims { get; private set; } = [];
    private Alba.IAlbaHost? demo;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        demo = await App.WithWebHostBuilder(web => web.UseSetting("demo", "true")); // loads the demo story at start, as --demo does
        Editor = (await App.As(Role.Editor)).Account.Token;
        Auditor = (await App.As(Role.Auditor)).Account.Token;
        var stories = await App.GetJson(Editor, "/api/stories");
        StoryId = stories.EnumerateArray().Single(s => s.GetProperty("title").GetString()!.Contains("Alberta")).Id();
        var story = await App.GetJson(Editor, $"/api/stories/{StoryId}");
        Claims = [.. story.GetProperty("claims").EnumerateArray()];

        // The timeline and the register are async projections: wait until the daemon has caught up.
        await App.ProjectionsCaughtUp();
    }

    public Task DisposeAsync()
    {
        demo?.Dispose();
        return ((IAsyncLifetime)App).DisposeAsync();
    }
}

public sealed partial class DemoThroughTheApiTests(DemoThroughTheApiFixture demo) : IClassFixture<DemoThroughTheApiFixture>
{
    private static IEnumerable<JsonElement> Array(JsonElement e, string name) => e.GetProperty(name).EnumerateArray();

    // The API leaves null members out.
    private static bool Has(JsonElement e, string name) => e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    [Fact]
    public void Its_claims_chains_verdicts_corrections_and_contradictions_are_visible()
    {
        demo.Claims.Count.ShouldBeGreaterThanOrEqualTo(20);
        // A three-link chain: someone said it, an outlet reported it, another relayed that report.
        demo.Claims.ShouldContain(c => Array(c, "attributionChain").Any(root => Array(root, "relays").Any()));
        var published = demo.Claims.Where(c => Has(c, "publishedVerdict")).ToList();
        published.Count.ShouldBeGreaterThanOrEqualTo(5);
        published.ShouldAllBe(c => c.GetProperty("publishedVerdict").GetProperty("proposedBy").GetGuid()
                                   != c.GetProperty("publishedVerdict").GetProperty("approvedBy").GetGuid());
        demo.Claims.Sum(c => c.GetProperty("corrections").GetArrayLength()).ShouldBeGreaterThanOrEqualTo(1);

        var contradictions = demo.Claims.SelectMany(c => Array(c, "links")
            .Where(l => l.GetProperty("relation").GetString() == "contradicts" && !l.GetProperty("inverse").GetBoolean())
            .Select(l => (c.GetProperty("text").GetString()!, Other: l.GetProperty("otherClaimId").GetGuid()))).ToList();
        contradictions.Count.ShouldBeGreaterThanOrEqualTo(4);
        string TextOf(Guid id) => demo.Claims.Single(c => c.Id() == id).GetProperty("text").GetString()!;
        var pairs = contradictions.Select(p => p.Item1 + " | " + TextOf(p.Other)).ToList();
        pairs.ShouldContain(p => p.Contains("19") && p.Contains("30"));
        pairs.ShouldContain(p => p.Contains("84") && p.Contains("85"));
        pairs.ShouldContain(p => p.Contains("secret", StringComparison.OrdinalIgnoreCase) && p.Contains("not a secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_timeline_lists_every_event_of_the_story_and_its_claims_exactly_once_in_order_under_both_clocks()
    {
        var streams = new List<Guid> { demo.StoryId };
        streams.AddRange(demo.Claims.Select(c => c.Id()));
        var expected = new List<(long Sequence, Guid EventId)>();
        foreach (var stream in streams)
            expected.AddRange((await demo.App.Store.ReadStream("newsroom", stream)).Select(e => (e.Sequence, e.Id)));

        var recorded = await AllEntries("clock=recorded");
        recorded.Select(e => e.GetProperty("eventId").GetGuid()).ShouldBe(expected.OrderBy(e => e.Sequence).Select(e => e.EventId));
        recorded.Select(e => e.GetProperty("recordedAt").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);

        var world = await AllEntries("clock=world");
        world.Select(e => e.GetProperty("eventId").GetGuid()).ShouldBe(expected.Select(e => e.EventId), ignoreOrder: true);
        var worldTimes = world.TakeWhile(e => Has(e, "worldAt")).Select(e => e.GetProperty("worldAt").GetDateTimeOffset()).ToList();
        worldTimes.Count.ShouldBeGreaterThan(10, "claims and attributions carry world time");
        worldTimes.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task The_corrections_register_lists_each_correction_of_the_demo_story()
    {
        var register = await demo.App.GetJson(demo.Editor, "/api/corrections");
        var listed = Array(register, "corrections").Where(c => c.GetProperty("storyId").GetGuid() == demo.StoryId)
            .Select(c => (c.GetProperty("claimId").GetGuid(), c.GetProperty("at").GetDateTimeOffset())).ToList();
        var onClaims = demo.Claims.SelectMany(c => Array(c, "corrections").Select(x => (c.Id(), x.GetProperty("at").GetDateTimeOffset()))).ToList();
        listed.ShouldBe(onClaims, ignoreOrder: true);
        listed.Count.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task ClaimReview_carries_the_required_and_recommended_fields_for_every_published_verdict()
    {
        var reviews = (await demo.App.GetJson(demo.Auditor, $"/api/export/claimreview.json?story={demo.StoryId}")).EnumerateArray().ToList();
        reviews.Count.ShouldBe(demo.Claims.Count(c => Has(c, "publishedVerdict")));
        foreach (var review in reviews)
        {
            review.GetProperty("@type").GetString().ShouldBe("ClaimReview");
            foreach (var field in new[] { "claimReviewed", "url", "datePublished" })
                review.GetProperty(field).GetString().ShouldNotBeNullOrWhiteSpace(field);
            review.GetProperty("author").GetProperty("@type").GetString().ShouldBe("Organization");
            var rating = review.GetProperty("reviewRating");
            rating.GetProperty("alternateName").GetString().ShouldNotBeNullOrWhiteSpace();
            rating.GetProperty("bestRating").GetInt32().ShouldBe(5);
            rating.GetProperty("worstRating").GetInt32().ShouldBe(1);
            var item = review.GetProperty("itemReviewed");
            item.GetProperty("@type").GetString().ShouldBe("Claim");
            item.GetProperty("author").GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace(review.GetProperty("claimReviewed").GetString());
            item.GetProperty("datePublished").GetString().ShouldNotBeNullOrWhiteSpace(review.GetProperty("claimReviewed").GetString());
            item.GetProperty("firstAppearance").GetProperty("@type").GetString().ShouldBe("CreativeWork");
            item.GetProperty("appearance").GetArrayLength().ShouldBeGreaterThan(0);
        }
        reviews.Any(r => r.TryGetProperty("dateModified", out _)).ShouldBeTrue("the corrected verdict carries dateModified");
    }

    private async Task<List<JsonElement>> AllEntries(string query)
    {
        var entries = new List<JsonElement>();
        long? after = null;
        do
        {
            var page = await demo.App.GetJson(demo.Editor, $"/api/stories/{demo.StoryId}/timeline?{query}&limit=50{(after is null ? "" : $"&after={after}")}");
            entries.AddRange(Array(page, "entries"));
            after = Has(page, "next") ? page.GetProperty("next").GetInt64() : null;
        } while (after is not null);
        return entries;
    }
}
