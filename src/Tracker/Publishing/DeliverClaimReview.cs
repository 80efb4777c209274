using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tracker.Exports;
using Wolverine;
using Tracker.Newsrooms.Placement;

namespace Tracker.Publishing;

/// <summary>The receiver answered, but not with a 2xx: worth another attempt later.</summary>
public sealed class WebhookRefusedException(int status) : Exception($"The publishing webhook answered {status}.")
{
    public int Status { get; } = status;
}

/// <summary>
/// Wolverine's handler for <see cref="ClaimReviewChanged"/>: posts the claim's ClaimReview JSON-LD, as it stands now,
/// to the newsroom's publishing webhook and records the delivery. A failure throws, and Wolverine's error policy
/// (<see cref="PublishingSetup"/>) tries again with back-off, then dead-letters it for an admin to replay.
/// </summary>
public sealed class DeliverClaimReviewHandler(PublishingOptions options, IHttpClientFactory http, NewsroomDatabases databases,
    Accounts.AccountDirectory directory, IConfiguration configuration, TimeProvider clock, ILogger<DeliverClaimReviewHandler> logger)
{
    public const string HttpClientName = "publishing";
    public const string SignatureHeader = "X-Tracker-Signature";
    public const string DeliveryHeader = "X-Tracker-Delivery";

    public async Task Handle(ClaimReviewChanged change, Envelope envelope, CancellationToken ct)
    {
        if (options.WebhookFor(change.Newsroom) is not { } webhook)
        {
            logger.LogDebug("Newsroom {Newsroom} has no publishing webhook; review change of claim {Claim} not sent", change.Newsroom, change.ClaimId);
            return;
        }
        var record = await ClaimRecords.Read(databases.For(change.Newsroom), new ExportFilter(change.Newsroom) { ClaimId = change.ClaimId }, publishedOnly: false, ct)
            .FirstOrDefaultAsync(ct);
        if (record is null) return; // nothing readers could see
        var publisher = await Publisher.Of(directory, configuration, change.Newsroom, ct);
        var verdict = record.Claim.FindVerdict(change.VerdictId);
        var kind = change.Voided ? "voided" : verdict?.Corrects is null ? "published" : "corrected";
        var body = Body(change, kind, record, publisher);

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(DeliveryHeader, envelope.Id.ToString());
        if (webhook.Secret is { } secret)
            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new WebhookRefusedException((int)response.StatusCode);

        await DeliveryLog.Record(databases.For(change.Newsroom), change.Newsroom, new Delivery(envelope.Id, change.ClaimId, change.VerdictId, kind, webhook.Url.ToString(),
            (int)response.StatusCode, envelope.Attempts, clock.GetUtcNow()), ct);
    }

    /// <summary>
    /// What the receiver gets: which change, and the review readers should now see (null when the claim has no published
    /// verdict left, after a void).
    /// </summary>
    private static byte[] Body(ClaimReviewChanged change, string kind, ClaimRecord record, Publisher publisher)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("newsroom", change.Newsroom);
            json.WriteString("change", kind);
            json.WriteString("claimId", change.ClaimId);
            json.WriteString("verdictId", change.VerdictId);
            json.WriteString("eventId", change.EventId);
            json.WritePropertyName("claimReview");
            if (record.Claim.PublishedVerdict is { } published) json.WriteRawValue(ClaimReviewJson.One(record, published, publisher));
            else json.WriteNullValue();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
