using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Tests.Support;

namespace Tracker.Tests.Resilience;

/// <summary>A write the API acknowledged with 2xx: the claim it logged, or the attribution it added to one.</summary>
public sealed record Ack(string Key, Guid ClaimId, Guid? AttributionId, DateTime At);

/// <summary>A write the API answered with something other than 2xx: after a 503 the desk tries again with the same key, after anything else it stops.</summary>
public sealed record Refusal(string Key, int Status, string? ContentType, string? RetryAfter, string Body, DateTime At);

/// <summary>
/// Several desks logging claims in one story and attributing each to a source, every write under its own
/// Idempotency-Key and retried with that same key until the API acknowledges it, as a careful client does.
/// Stopping lets each desk finish the write in hand, so every key issued ends acknowledged (or given up at the deadline).
/// </summary>
public sealed class WriteLoad(Guid storyId, Guid sourceId)
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(150);

    /// <summary>Opens the story and registers the source the desks will write about.</summary>
    public static async Task<WriteLoad> InNewStory(HttpClient desk)
    {
        var story = (await desk.Post("/api/stories", new { title = "Alberta separatists and US officials", summary = "Meetings reported by the FT" })).Id();
        var source = (await desk.Post("/api/sources", new { kind = "article", name = "Financial Times report", outlet = "Financial Times" })).Id();
        return new WriteLoad(story, source);
    }

    public ConcurrentQueue<Ack> Acks { get; } = new();

    public ConcurrentQueue<Refusal> Refusals { get; } = new();

    /// <summary>Requests that got no HTTP answer at all: the node was down or killed mid-request.</summary>
    public ConcurrentQueue<string> Unreachable { get; } = new();

    /// <summary>Keys still unacknowledged at the deadline, or refused for good.</summary>
    public ConcurrentQueue<string> GaveUp { get; } = new();

    /// <param name="clientFor">The client a desk uses for an attempt: lets a desk move to another node after a failure.</param>
    public Task Run(int desks, Func<int, int, HttpClient> clientFor, CancellationToken stop, DateTime deadline) =>
        Task.WhenAll(Enumerable.Range(0, desks).Select(desk => Task.Run(() => Desk(desk, clientFor, stop, deadline))));

    private async Task Desk(int desk, Func<int, int, HttpClient> clientFor, CancellationToken stop, DateTime deadline)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var claimKey = $"desk{desk}-claim{i}";
            var claim = await Acknowledged(claimKey, $"/api/stories/{storyId}/claims", new { text = $"Desk {desk} heard claim {i}" },
                attempt => clientFor(desk, attempt), deadline);
            if (claim is not { } logged) return;
            var claimId = logged.GetProperty("id").GetGuid();
            Acks.Enqueue(new Ack(claimKey, claimId, null, DateTime.UtcNow));

            var attributionKey = $"desk{desk}-attribution{i}";
            var attributed = await Acknowledged(attributionKey, $"/api/claims/{claimId}/attributions",
                new { sourceId, role = "claimant", quote = $"As desk {desk} was told, number {i}" }, attempt => clientFor(desk, attempt), deadline);
            if (attributed is not { } added) return;
            Acks.Enqueue(new Ack(attributionKey, claimId, added.GetProperty("attributionId").GetGuid(), DateTime.UtcNow));
        }
    }

    private async Task<JsonElement?> Acknowledged(string key, string path, object body, Func<int, HttpClient> clientFor, DateTime deadline)
    {
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await clientFor(attempt).SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode) return JsonDocument.Parse(text).RootElement.Clone();
                Refusals.Enqueue(new Refusal(key, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                    response.Headers.RetryAfter?.ToString(), text, DateTime.UtcNow));
                if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable) break; // only "come back later" is worth a retry
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Unreachable.Enqueue($"{key}: {e.Message}");
            }
            await Task.Delay(Backoff);
        }
        GaveUp.Enqueue(key);
        return null;
    }
}
