using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Resilience;
using Tracker.Tests.Support;

namespace Tracker.Tests.Publishing;

/// <summary>
/// The outbox's promise on real processes: a verdict approved while the publishing endpoint is down, the app killed
/// (SIGKILL) before its retry, started again: the review is still delivered, once.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class DeliveryAfterCrashTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_delivery_pending_when_the_app_is_killed_is_made_after_it_restarts()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = 503;
        var data = Directory.CreateTempSubdirectory("tracker-outbox-").FullName;
        var db = await TestDatabase.CreateDatabase("outbox");
        var settings = new Dictionary<string, string>
        {
            ["publishing:webhooks:newsroom:url"] = receiver.Url,
            ["publishing:retryDelays"] = "00:00:03,00:00:03,00:00:03,00:00:03,00:00:03,00:00:03",
        };
        Guid claim;
        await using (var first = await AppProcess.Start(data, db, settings: settings))
        {
            using var admin = first.Client((await File.ReadAllTextAsync(Path.Combine(data, FirstStart.TokenFile))).Trim());
            using var anonymous = first.Client();
            using var checker = first.Client((await SignUp.Create(admin, anonymous, $"checker-{Guid.NewGuid():N}", [Role.Factchecker])).Token);
            using var editor = first.Client((await SignUp.Create(admin, anonymous, $"editor-{Guid.NewGuid():N}", [Role.Editor])).Token);
            var story = (await checker.Post("/api/stories", new { title = "Alberta separatists", summary = "Meetings with US officials" })).Id();
            claim = (await checker.Post($"/api/stories/{story}/claims", new { text = "Separatists met State Department officials three times" })).Id();
            var verdict = (await checker.Post($"/api/claims/{claim}/verdicts", new { rating = "true", summary = "Confirmed",
                evidence = new[] { new { note = "State Department statement" } } })).Id("verdictId");
            await editor.Post($"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
            var id = claim;
            await receiver.Until(r => r.Requests.Any(q => q.Body.Contains(id.ToString())), "the first, refused attempt");
            first.Kill();
        }

        receiver.Answer = 200;
        await using var second = await AppProcess.Start(data, db, settings: settings);
        await receiver.Until(r => r.Accepted.Any(q => q.Body.Contains(claim.ToString())), "the delivery after the restart", seconds: 90);

        using var again = second.Client((await File.ReadAllTextAsync(Path.Combine(data, FirstStart.TokenFile))).Trim());
        var status = await again.GetFromJsonAsync<JsonElement>("/api/publishing");
        status.GetProperty("deliveries").EnumerateArray().Count(d => d.GetProperty("claimId").GetGuid() == claim).ShouldBe(1);
        receiver.Accepted.Count(q => q.Body.Contains(claim.ToString())).ShouldBe(1, "delivered once");
    }
}
