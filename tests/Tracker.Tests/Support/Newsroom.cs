using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Tests.Conventions;

namespace Tracker.Tests.Support;

/// <summary>Builds a small real story through the API, for tests that need ids to exist.</summary>
public static class Newsroom
{
    public static async Task<JsonElement> Post(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Guid Id(this JsonElement element, string name = "id") => element.GetProperty(name).GetGuid();

    /// <summary>A story with a source, two claims (one attributed) and a pending verdict, in the default newsroom.</summary>
    public static async Task<ForeignIds> Seed(TrackerAppFactory app, SignedUp account)
    {
        var (checker, _) = await app.As(Role.Factchecker);
        var story = (await checker.Post("/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" })).Id();
        var source = (await checker.Post("/api/sources", new { kind = "article", name = "Financial Times report", outlet = "Financial Times" })).Id();
        var claim = await checker.Post($"/api/stories/{story}/claims", new
        {
            text = "APP leaders met State Department officials three times since April",
            attribution = new { sourceId = source, role = "reporter", quote = "met three times since April last year" },
        });
        var other = (await checker.Post($"/api/stories/{story}/claims", new { text = "Those meetings were not a secret" })).Id();
        var verdict = (await checker.Post($"/api/claims/{claim.Id()}/verdicts", new { rating = "half_true", summary = "Per the group's own account", evidence = new[] { new { note = "FT report" } } })).Id("verdictId");
        return new ForeignIds(account.Id, account.TokenId, story, source, claim.Id(), other, claim.Id("attributionId"), verdict);
    }
}
