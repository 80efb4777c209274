using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>Issue 17, item 6: no response may be framed by another site or sniffed into another type, the API docs and errors included.</summary>
public sealed class NoFramingTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api/docs/index.html")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/login")]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/api/me")]
    [InlineData("/web/site.css")]
    [InlineData("/no-such-page")]
    public async Task Every_response_forbids_framing_and_sniffing(string path)
    {
        var response = await app.Client().GetAsync(path);

        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"], path);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], path);
    }

    [Fact]
    public async Task An_api_error_forbids_framing_too()
    {
        var (reporter, _) = await app.As(Tracker.Commands.Role.Reporter);
        var response = await reporter.PostAsync("/api/stories", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblem(System.Net.HttpStatusCode.BadRequest);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
    }
}
