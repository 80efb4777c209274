using System.Net;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>Issue 17, item 6: a null inside a list of a request body is a 400 naming the item, not a 500.</summary>
public sealed class NullItemsTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Theory]
    [InlineData("""{"rating":"false","summary":"Checked","evidence":[null]}""", "evidence[0]")]
    [InlineData("""{"rating":"false","summary":"Checked","evidence":[{"note":"FT report"},null]}""", "evidence[1]")]
    public async Task A_null_evidence_item_is_refused_by_name(string body, string field)
    {
        var (checker, account) = await app.As(Role.Factchecker);
        var story = (await checker.Post("/api/stories", new { title = "Nulls", summary = "In lists" })).Id();
        var claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "The bridge opened in 1999" })).Id();
        var before = await app.EventCount();

        var problem = await app.Problem(s =>
        {
            s.WithBearerToken(account.Token);
            s.Post.Text(body).ToUrl($"/api/claims/{claim}/verdicts");
            s.WithRequestHeader("Content-Type", "application/json");
        }, HttpStatusCode.BadRequest, field, "required");
        problem.GetProperty("detail").GetString().ShouldBe($"'{field}' must not be null.");
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_null_role_is_refused_by_name()
    {
        await app.Problem(s =>
        {
            s.WithBearerToken(app.Admin.Token());
            s.Post.Text("""{"name":"Nell","roles":["reporter",null]}""").ToUrl("/api/accounts");
            s.WithRequestHeader("Content-Type", "application/json");
        }, HttpStatusCode.BadRequest, "roles[1]");
    }
}
