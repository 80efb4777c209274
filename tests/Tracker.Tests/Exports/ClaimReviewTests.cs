using System.Net;
using System.Text.Json;

namespace Tracker.Tests.Exports;

/// <summary>claimreview.json is what search engines and fact-check aggregators read: Google's required and recommended fields, for every published verdict.</summary>
[Collection(ExportCollection.Name)]
public sealed class ClaimReviewTests(ExportDesk desk)
{
    [Fact]
    public async Task Every_published_verdict_has_the_required_and_recommended_fields()
    {
        var reviews = await Export();

        reviews.Select(r => r.GetProperty("claimReviewed").GetString()).ShouldBe(
            ["APP leaders met State Department officials three times since April", ExportDesk.FormulaText], ignoreOrder: true);
        foreach (var review in reviews)
        {
            review.GetProperty("@context").GetString().ShouldBe("https://schema.org");
            review.GetProperty("@type").GetString().ShouldBe("ClaimReview");
            review.GetProperty("url").GetString()!.ShouldMatch(@"^http://127\.0\.0\.1:5000/claims/[0-9a-f-]{36}#verdict-[0-9a-f-]{36}$");
            Date(review, "datePublished");
            var author = review.GetProperty("author");
            (author.GetProperty("@type").GetString(), author.GetProperty("name").GetString()).ShouldBe(("Organization", "Newsroom"));
            var rating = review.GetProperty("reviewRating");
            rating.GetProperty("bestRating").GetInt32().ShouldBe(5);
            rating.GetProperty("worstRating").GetInt32().ShouldBe(1);
            rating.GetProperty("alternateName").GetString().ShouldNotBeNullOrEmpty();
            var item = review.GetProperty("itemReviewed");
            item.GetProperty("@type").GetString().ShouldBe("Claim");
            item.GetProperty("author").GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
            item.GetProperty("appearance").EnumerateArray().ShouldAllBe(a => a.GetProperty("@type").GetString() == "CreativeWork" && a.GetProperty("url").GetString()!.StartsWith("https://"));
            item.GetProperty("firstAppearance").GetProperty("url").GetString().ShouldStartWith("https://");
        }
    }

    [Fact]
    public async Task The_claim_names_its_claimant_where_it_appeared_first_and_when_it_was_said()
    {
        var item = (await Review(desk.MeetingsClaim)).GetProperty("itemReviewed");

        (item.GetProperty("author").GetProperty("@type").GetString(), item.GetProperty("author").GetProperty("name").GetString()).ShouldBe(("Person", "Jeff Rath"));
        item.GetProperty("datePublished").GetString().ShouldBe("2025-04-01T00:00:00Z");
        item.GetProperty("firstAppearance").GetProperty("url").GetString().ShouldBe("https://www.ft.com/content/app-meetings");
        item.GetProperty("appearance").EnumerateArray().Select(a => a.GetProperty("url").GetString())
            .ShouldBe(["https://www.ft.com/content/app-meetings", "https://lanews.example/secret-meetings"]);
        (await Review(desk.FormulaClaim)).GetProperty("itemReviewed").GetProperty("author").GetProperty("@type").GetString().ShouldBe("Organization");
    }

    [Fact]
    public async Task A_correction_carries_date_modified_and_points_at_the_verdict_now_standing()
    {
        var corrected = await Review(desk.MeetingsClaim);
        var first = await Review(desk.FormulaClaim);

        var verdicts = (await desk.App.Store.Load<Tracker.Claims.Claim>(ExportDesk.Newsroom, desk.MeetingsClaim, default))!.State.Verdicts;

        corrected.GetProperty("url").GetString().ShouldEndWith($"/claims/{desk.MeetingsClaim}#verdict-{desk.CorrectingVerdict}");
        Date(corrected, "datePublished").ShouldBe(Seconds(verdicts.Single(v => v.VerdictId == desk.FirstVerdict).ApprovedAt!.Value));
        Date(corrected, "dateModified").ShouldBe(Seconds(verdicts.Single(v => v.VerdictId == desk.CorrectingVerdict).ApprovedAt!.Value));
        corrected.GetProperty("reviewRating").GetProperty("ratingValue").GetInt32().ShouldBe(2);
        corrected.GetProperty("reviewRating").GetProperty("alternateName").GetString().ShouldBe("Mostly false");
        first.TryGetProperty("dateModified", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_unscored_rating_has_no_rating_value()
    {
        var rating = (await Review(desk.FormulaClaim)).GetProperty("reviewRating");

        rating.TryGetProperty("ratingValue", out _).ShouldBeFalse();
        rating.GetProperty("alternateName").GetString().ShouldBe("Misleading");
    }

    private async Task<JsonElement> Review(Guid claimId) =>
        (await Export()).Single(r => r.GetProperty("url").GetString()!.Contains(claimId.ToString()));

    private async Task<List<JsonElement>> Export()
    {
        var response = await desk.Auditor.GetAsync("/api/export/claimreview.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/ld+json");
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    private static DateTimeOffset Seconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static DateTimeOffset Date(JsonElement element, string name)
    {
        var text = element.GetProperty(name).GetString()!;
        text.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        return DateTimeOffset.Parse(text);
    }
}
