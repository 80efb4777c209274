using System.Text.Json;
using Tracker.Http;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace Tracker.Publishing;

public sealed record WebhookView(string Url, bool Signed);

public sealed record DeadDelivery(Guid Id, Guid ClaimId, Guid VerdictId, bool Voided, string? Failure, DateTimeOffset? FailedAt, bool Replayable);

public sealed record PublishingStatus(WebhookView? Webhook, IReadOnlyList<Delivery> Deliveries, IReadOnlyList<DeadDelivery> DeadLetters);

/// <summary>For admins: where reviews go, what was delivered, and what gave up after every retry, with a way to send it again.</summary>
public static class PublishingEndpoints
{
    private const int Shown = 100;

    public static void Map(RouteGroupBuilder api)
    {
        var publishing = api.MapGroup("/publishing").WithTags("Publishing");

        publishing.MapGet("", async (HttpContext http, PublishingOptions options, IMessageStore messages) =>
        {
            var newsroom = http.Actor().Newsroom;
            var webhook = options.WebhookFor(newsroom) is { } w ? new WebhookView(w.Url.ToString(), w.Secret is not null) : null;
            var deliveries = await DeliveryLog.Recent(http.NewsroomDatabase(), newsroom, Shown, http.RequestAborted);
            return Results.Ok(new PublishingStatus(webhook, deliveries, await DeadLetters(messages, newsroom, http.RequestAborted)));
        }).Allow(Access.Admins).Produces<PublishingStatus>()
            .WithSummary("The publishing webhook, the latest accepted deliveries and the dead-letter list");

    }

    /// <summary>Roles, tag and OpenAPI text of the Wolverine endpoint below.</summary>
    public static void Configure(Wolverine.Http.HttpChain chain) => chain.Metadata
        .WithTags("Publishing").Allow(Access.Admins)
        .WithSummary(chain, "Send a dead-lettered delivery again (after the receiver is fixed)");

    [Wolverine.Http.WolverinePost("/api/publishing/dead-letters/{id:guid}/replay")]
    public static async Task<IResult> Replay(HttpContext http, Guid id, IMessageStore messages)
    {
        var newsroom = http.Actor().Newsroom;
        if ((await DeadLetters(messages, newsroom, http.RequestAborted)).All(d => d.Id != id)) return Problems.NotFound();
        // Asked by tenant: a newsroom placed in a database of its own has its dead letters there.
        await messages.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery { MessageIds = [id], TenantId = newsroom }, http.RequestAborted);
        return Results.Accepted(value: new { replaying = id });
    }

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The newsroom's own dead letters: filed under its tenant, and the message itself names it (checked too). Wolverine's
    /// query leaves the message unread, so its body is read here.
    /// </summary>
    private static async Task<IReadOnlyList<DeadDelivery>> DeadLetters(IMessageStore messages, string newsroom, CancellationToken ct)
    {
        var results = await messages.DeadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = 1000, TenantId = newsroom }, ct);
        return results.Envelopes
            .Select(d => (Letter: d, Change: Read(d)))
            .Where(x => x.Change?.Newsroom == newsroom)
            .Select(x => (x.Letter, Change: x.Change!))
            .Select(x => new DeadDelivery(x.Letter.Id, x.Change.ClaimId, x.Change.VerdictId, x.Change.Voided, x.Letter.ExceptionMessage,
                x.Letter.FailedAt, x.Letter.Replayable))
            .Take(Shown)
            .ToList();
    }

    private static ClaimReviewChanged? Read(DeadLetterEnvelope letter)
    {
        if (letter.Message is ClaimReviewChanged change) return change;
        if (letter.Envelope.Data is not { Length: > 0 } data) return null;
        try
        {
            return JsonSerializer.Deserialize<ClaimReviewChanged>(data, Wire);
        }
        catch (JsonException)
        {
            return null; // another message type, or a body this version cannot read: not a delivery to show
        }
    }
}
