using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Conventions;

/// <summary>A body or parameter the framework could not bind is a 400 naming the field, in words without .NET type names.</summary>
public sealed class BindingFailureTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_literal_null_body_is_400_naming_the_body()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var problem = await app.PostRawProblem(reporter.Token(), "/api/stories", "null", HttpStatusCode.BadRequest, "body", "required");
        ShouldBePlain(problem.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task A_page_parameter_that_is_not_a_number_is_400_naming_it()
    {
        var (reporter, _) = await app.As(Role.Reporter);
        var story = (await app.PostJson(reporter.Token(), "/api/stories", new { title = "Binding probe", summary = "at=abc" })).Id();
        var problem = await app.Problem(s =>
        {
            s.WithBearerToken(reporter.Token());
            s.Get.Url($"/stories/{story}/replay?at=abc");
        }, HttpStatusCode.BadRequest, "at", "invalid_format");
        var detail = problem.GetProperty("detail").GetString()!;
        ShouldBePlain(detail);
        detail.ShouldContain("whole number");
    }

    private static void ShouldBePlain(string detail)
    {
        detail.ShouldNotContain("Nullable");
        detail.ShouldNotContain("OpenStoryRequest");
        detail.ShouldNotContain("<");
        detail.ShouldNotContain("Int32");
    }
}
