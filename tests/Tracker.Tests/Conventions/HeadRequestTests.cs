using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>HEAD is answered as GET without a body (RFC 9110 §9.3.2): load balancers and link checkers probe with it.</summary>
public sealed class HeadRequestTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task HEAD_on_health_is_200_without_a_body()
    {
        var result = await app.Scenario(s =>
        {
            s.Head.Url("/health");
            s.StatusCodeShouldBe(200);
        });
        (await result.ReadAsTextAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task HEAD_on_an_API_read_is_200_with_the_GET_headers_and_no_body()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token(), "/api/stories", new { title = "Head probe", summary = "Is HEAD a GET?" })).Id();
        var get = await app.Get(reporter.Token(), $"/api/stories/{story}");
        var head = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token());
            s.Head.Url($"/api/stories/{story}");
            s.StatusCodeShouldBe(200);
        });
        (await head.ReadAsTextAsync()).ShouldBeEmpty();
        head.Context.Response.Headers.ETag.ToString().ShouldNotBeNullOrEmpty();
        head.Context.Response.Headers.ETag.ToString().ShouldBe(get.Context.Response.Headers.ETag.ToString());
        head.Context.Response.ContentType.ShouldBe(get.Context.Response.ContentType);
        // The length GET's body has, though none is sent.
        head.Context.Response.ContentLength.ShouldBe(System.Text.Encoding.UTF8.GetByteCount(await get.ReadAsTextAsync()));
    }

    [Theory]
    [InlineData("/api/export/events.ndjson", "application/x-ndjson")]
    [InlineData("/api/export/checkpoints.jsonl", "application/x-ndjson")]
    [InlineData("/api/export/claims.csv", "text/csv")]
    [InlineData("/exports/events.ndjson", "application/x-ndjson")]
    public async Task HEAD_on_an_export_gives_its_headers_without_reading_the_record(string url, string contentType)
    {
        var (reporter, _) = await app.As(Role.Reporter);
        await app.PostJson(reporter.Token(), "/api/stories", new { title = "Head probe", summary = "An export's worth of events" });
        var (editor, _) = await app.As(Role.Editor);
        await app.PostJson(editor.Token(), "/api/audit/checkpoints", new { }, 201);
        var (auditor, _) = await app.As(Role.Auditor);
        var head = await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token());
            s.Head.Url(url);
            s.StatusCodeShouldBe(200);
        });
        (await head.ReadAsTextAsync()).ShouldBeEmpty();
        head.Context.Response.ContentType!.ShouldStartWith(contentType);
        head.Context.Response.Headers.ContentDisposition.ToString().ShouldContain(url[(url.LastIndexOf('/') + 1)..]);
        // GET streams the export without a length; a HEAD that read it would have counted one.
        head.Context.Response.ContentLength.ShouldBeNull();
        (await app.Get(auditor.Token(), url)).Context.Response.ContentLength.ShouldBeNull();
    }

    [Fact]
    public async Task HEAD_on_an_export_with_a_bad_filter_is_the_GET_problem()
    {
        var (auditor, _) = await app.As(Role.Auditor);
        await app.Scenario(s =>
        {
            s.WithBearerToken(auditor.Token());
            s.Head.Url("/api/export/events.ndjson?from=yesterday");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Fact]
    public async Task HEAD_on_an_API_read_without_a_token_is_still_401()
    {
        await app.Scenario(s =>
        {
            s.Head.Url("/api/stories");
            s.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task HEAD_does_not_reach_a_POST_only_route()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token(), "/api/stories", new { title = "Head probe", summary = "Not a write" })).Id();
        var before = await app.EventCount();
        var result = await app.Scenario(s =>
        {
            s.WithBearerToken(reporter.Token());
            s.Head.Url($"/api/stories/{story}/title");
            s.WithRequestHeader("If-Match", "\"1\"");
            s.StatusCodeShouldBe(405);
        });
        (await result.ReadAsTextAsync()).ShouldBeEmpty();
        (await app.EventCount()).ShouldBe(before);
    }
}
