using System.Net;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Hosting;

/// <summary>A person's browser that follows a bad link gets a page with a way back; an API client still gets a problem document.</summary>
public sealed class ErrorPageTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Theory]
    [InlineData("/claims/not-an-id")]
    [InlineData("/stories/12345/replay")]
    [InlineData("/no/such/page")]
    public async Task A_bad_address_in_the_workbench_is_a_404_page_not_json(string path)
    {
        var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Accept", "text/html,application/xhtml+xml" } } };
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("<h1>");
        page.ShouldContain("href=\"/\"");
    }

    [Fact]
    public async Task A_foreign_or_unknown_claim_id_is_a_404_page_for_a_signed_in_person()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/claims/{Guid.NewGuid()}") { Headers = { { "Accept", "text/html" } } };
        var response = await reporter.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task The_api_keeps_answering_problems_even_to_a_browser()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-route") { Headers = { { "Accept", "text/html" } } };
        var response = await app.Client().SendAsync(request);
        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
