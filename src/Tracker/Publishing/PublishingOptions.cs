using System.Globalization;

namespace Tracker.Publishing;

/// <summary>Where a newsroom's published reviews are sent, and the shared secret the receiver checks each delivery with.</summary>
public sealed record PublishingWebhook(Uri Url, string? Secret);

/// <summary>
/// Configuration <c>publishing:webhooks:{newsroom}:url</c> (and <c>:secret</c>), plus the back-off between attempts,
/// <c>publishing:retryDelays</c> (comma-separated time spans), after which a delivery is dead-lettered for an admin.
/// </summary>
public sealed class PublishingOptions(IConfiguration configuration)
{
    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Read afresh per delivery, so a corrected address applies to the next attempt.</summary>
    public PublishingWebhook? WebhookFor(string newsroom)
    {
        var section = configuration.GetSection($"publishing:webhooks:{newsroom}");
        return Uri.TryCreate(section["url"], UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new PublishingWebhook(url, string.IsNullOrEmpty(section["secret"]) ? null : section["secret"])
            : null;
    }

    public static TimeSpan[] RetryDelays(IConfiguration configuration) =>
        configuration["publishing:retryDelays"] is { Length: > 0 } text
            ? [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => TimeSpan.Parse(t, CultureInfo.InvariantCulture))]
            : DefaultRetryDelays;
}
