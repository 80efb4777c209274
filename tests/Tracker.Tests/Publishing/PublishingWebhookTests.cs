using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Publishing;

/// <summary>A newsroom's app and its publishing endpoint, which is down until a test brings it back.</summary>
public class PublishingDesk : IAsyncLifetime
{
    public const string Secret = "shared-with-the-cms";

    public WebhookReceiver Receiver { get; private set; } = null!;

    public TrackerAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.Start();
        App = Make(new Dictionary<string, string>
        {
            ["publishing:webhooks:newsroom:url"] = Receiver.Url,
            ["publishing:webhooks:newsroom:secret"] = Secret,
            ["publishing:retryDelays"] = "00:00:00.3,00:00:00.6,00:00:01",
        });
        await App.InitializeAsync();
    }

    protected virtual TrackerAppFactory Make(IReadOnlyDictionary<string, string> settings) => new() { Settings = settings };

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>The same desk with its newsroom in a database of its own on a second cluster (Wolverine keeps a message store there).</summary>
public sealed class PlacedPublishingDesk : PublishingDesk
{
    protected override TrackerAppFactory Make(IReadOnlyDictionary<string, string> settings) => new PlacedNewsroomApp { Settings = settings };
}

/// <summary>
/// Publishing, correcting or voiding a verdict sends the claim's ClaimReview to the newsroom's webhook through
/// Wolverine's durable outbox: retried with back-off while the receiver is down, dead-lettered for an admin when it
/// stays down, and recorded once accepted.
/// </summary>
public sealed class PublishingWebhookTests(PublishingDesk desk) : PublishingWebhook(desk), IClassFixture<PublishingDesk>;

/// <summary>All of it for a newsroom placed in a database of its own: its outbox rows and dead letters are kept there.</summary>
public sealed class PlacedNewsroomPublishingTests(PlacedPublishingDesk desk) : PublishingWebhook(desk), IClassFixture<PlacedPublishingDesk>;

public abstract class PublishingWebhook(PublishingDesk desk)
{
    private TrackerAppFactory App => desk.App;

    [Fact]
    public async Task A_published_verdict_reaches_the_webhook_signed_after_the_receiver_recovers_and_the_delivery_is_recorded()
    {
        desk.Receiver.Answer = 503;
        var (claim, verdict) = await PublishedClaim("Only 19% of Albertans would vote to leave Canada");
        await desk.Receiver.Until(r => r.Requests.Any(q => Is(q, claim)), "a first attempt");
        desk.Receiver.Answer = 200;
        await desk.Receiver.Until(r => r.Accepted.Any(q => Is(q, claim)), "the retry to be accepted");

        var delivered = desk.Receiver.Accepted.Single(q => Is(q, claim));
        desk.Receiver.Requests.Count(q => Is(q, claim)).ShouldBeGreaterThan(1, "the first attempt was refused, so it was retried");
        delivered.Signature.ShouldBe("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(PublishingDesk.Secret), Encoding.UTF8.GetBytes(delivered.Body))));
        var body = JsonDocument.Parse(delivered.Body).RootElement;
        (body.GetProperty("change").GetString(), body.GetProperty("verdictId").GetGuid(), body.GetProperty("newsroom").GetString())
            .ShouldBe(("published", verdict, "newsroom"));
        var review = body.GetProperty("claimReview");
        review.GetProperty("@type").GetString().ShouldBe("ClaimReview");
        review.GetProperty("claimReviewed").GetString().ShouldBe("Only 19% of Albertans would vote to leave Canada");
        review.GetProperty("reviewRating").GetProperty("alternateName").GetString().ShouldNotBeNullOrEmpty();

        // The handler records the delivery once the receiver has answered, so the record may trail the receiver's log.
        JsonElement status;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(status = await Status()).GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("claimId").GetGuid() == claim))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the accepted delivery should be recorded");
            await Task.Delay(100);
        }
        var recorded = status.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("claimId").GetGuid() == claim);
        recorded.GetProperty("messageId").GetString().ShouldBe(delivered.DeliveryId);
        recorded.GetProperty("status").GetInt32().ShouldBe(200);
        recorded.GetProperty("attempts").GetInt32().ShouldBeGreaterThan(1);
        status.GetProperty("webhook").GetProperty("signed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_correction_and_a_void_are_delivered_as_such()
    {
        desk.Receiver.Answer = 200;
        var (claim, _) = await PublishedClaim("US officials met Alberta separatists three times");
        var checker = (await App.As(Role.Factchecker)).Account.Token;
        var editor = (await App.As(Role.Editor)).Account.Token;
        var correction = (await App.PostJson(checker, $"/api/claims/{claim}/verdicts", new { rating = "mostly_true", summary = "Two meetings confirmed",
            correctionNote = "The third was a call", evidence = new[] { new { note = "FT, 29 Jan 2026" } } })).Id("verdictId");
        await App.PostJson(editor, $"/api/claims/{claim}/verdicts/{correction}/approve", new { });
        await desk.Receiver.Until(r => Changes(r, claim).Contains("corrected"), "the correction");
        await App.PostJson(editor, $"/api/claims/{claim}/verdicts/{correction}/void", new { reason = "The FT retracted its account" });
        await desk.Receiver.Until(r => Changes(r, claim).Contains("voided"), "the void");

        var voided = desk.Receiver.Accepted.Where(q => Is(q, claim)).Select(q => JsonDocument.Parse(q.Body).RootElement)
            .Single(b => b.GetProperty("change").GetString() == "voided");
        voided.GetProperty("verdictId").GetGuid().ShouldBe(correction);
        voided.GetProperty("claimReview").ValueKind.ShouldBe(JsonValueKind.Null, "nothing published is left to show readers");
    }

    [Fact]
    public async Task A_delivery_the_receiver_never_takes_is_dead_lettered_for_admins_and_replays_once_it_is_back()
    {
        desk.Receiver.Answer = 500;
        var (claim, _) = await PublishedClaim("Separatist leaders sought a $500 billion credit facility");
        JsonElement dead = default;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((dead = DeadLetterOf(await Status(), claim)).ValueKind == JsonValueKind.Undefined)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the delivery should be dead-lettered after its retries");
            await Task.Delay(100);
        }
        desk.Receiver.Requests.Count(q => Is(q, claim)).ShouldBe(4, "the first attempt and three retries");
        dead.GetProperty("failure").GetString()!.ShouldContain("500");

        var stranger = (await App.OtherNewsroom(Role.Admin)).Token();
        var theirs = await App.GetJson(stranger, "/api/publishing");
        DeadLetterOf(theirs, claim).ValueKind.ShouldBe(JsonValueKind.Undefined, "another newsroom sees none of it");
        await Replay(stranger, dead.GetProperty("id").GetGuid(), HttpStatusCode.NotFound);

        desk.Receiver.Answer = 200;
        await Replay(App.Admin.Token(), dead.GetProperty("id").GetGuid(), HttpStatusCode.Accepted);
        await desk.Receiver.Until(r => r.Accepted.Any(q => Is(q, claim)), "the replayed delivery");
    }

    [Theory]
    [InlineData(Role.Editor)]
    [InlineData(Role.Factchecker)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Reporter)]
    public async Task Only_admins_see_the_publishing_status(Role role)
    {
        var (_, account) = await App.As(role);
        await App.Scenario(s =>
        {
            s.WithBearerToken(account.Token);
            s.Get.Url("/api/publishing");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        await App.Scenario(s =>
        {
            s.Get.Url("/api/publishing");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }

    private async Task<(Guid Claim, Guid Verdict)> PublishedClaim(string text)
    {
        var checker = (await App.As(Role.Factchecker)).Account.Token;
        var editor = (await App.As(Role.Editor)).Account.Token;
        var story = (await App.PostJson(checker, "/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings, Jan to Mar 2026" })).Id();
        var claim = (await App.PostJson(checker, $"/api/stories/{story}/claims", new { text })).Id();
        var verdict = (await App.PostJson(checker, $"/api/claims/{claim}/verdicts", new { rating = "true", summary = "Confirmed",
            evidence = new[] { new { note = "State Department statement" } } })).Id("verdictId");
        await App.PostJson(editor, $"/api/claims/{claim}/verdicts/{verdict}/approve", new { });
        return (claim, verdict);
    }

    /// <summary>The publishing status as the newsroom's first-start admin reads it, with their real token.</summary>
    private Task<JsonElement> Status() => App.GetJson(App.Admin.Token(), "/api/publishing");

    private Task<IScenarioResult> Replay(string token, Guid deadLetter, HttpStatusCode status) =>
        App.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Post.Url($"/api/publishing/dead-letters/{deadLetter}/replay");
            s.StatusCodeShouldBe(status);
        });

    private static JsonElement DeadLetterOf(JsonElement status, Guid claim) =>
        status.GetProperty("deadLetters").EnumerateArray().FirstOrDefault(d => d.GetProperty("claimId").GetGuid() == claim);

    private static bool Is(Received request, Guid claim) => request.Body.Contains(claim.ToString());

    private static List<string?> Changes(WebhookReceiver receiver, Guid claim) =>
        receiver.Accepted.Where(q => Is(q, claim)).Select(q => JsonDocument.Parse(q.Body).RootElement.GetProperty("change").GetString()).ToList();
}
