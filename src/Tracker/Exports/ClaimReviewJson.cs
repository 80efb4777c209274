using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;
using Npgsql;
using Tracker.Claims;
using Tracker.Sources;
using Tracker.Verdicts;

namespace Tracker.Exports;

/// <summary>Who publishes the reviews and where readers find them: the ClaimReview author and the base of every url.</summary>
public sealed record Publisher(string Name, string PublicBaseUrl)
{
    public const string DefaultBaseUrl = "http://127.0.0.1:5000";

    public static Task<Publisher> Of(IServiceProvider services, string newsroom, CancellationToken ct) =>
        Of(services.GetRequiredService<Accounts.AccountDirectory>(), services.GetRequiredService<IConfiguration>(), newsroom, ct);

    public static async Task<Publisher> Of(Accounts.AccountDirectory directory, IConfiguration configuration, string newsroom, CancellationToken ct)
    {
        var rooms = await directory.Newsrooms(ct);
        var name = rooms.FirstOrDefault(r => r.Slug == newsroom).Name ?? newsroom;
        var baseUrl = configuration["publicBaseUrl"];
        return new Publisher(name, (string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : baseUrl).TrimEnd('/'));
    }

    /// <summary>The verdict's stable public address: the claim's page, anchored at the verdict.</summary>
    public string VerdictUrl(Guid claimId, Guid verdictId) => $"{PublicBaseUrl}/claims/{claimId}#verdict-{verdictId}";
}

/// <summary>
/// claimreview.json: a JSON array of schema.org ClaimReview objects, one per published verdict, with the fields
/// Google requires (claimReviewed, reviewRating, url) and recommends (author, datePublished, itemReviewed with the
/// claimant, where the claim appeared, and when it was made). A verdict that corrects an earlier one keeps the
/// first publication date and carries dateModified.
/// </summary>
public static class ClaimReviewJson
{
    public const string ContentType = "application/ld+json";

    // Publishers paste this into a <script type="application/ld+json"> block: '<', '>', '&' (and quotes) are written
    // as \u003c and so on, so a claim holding "</script>" cannot end the block. Letters of every script stay readable.
    private static readonly JsonWriterOptions Json = new() { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static async Task<long> Write(NpgsqlDataSource dataSource, ExportFilter filter, Publisher publisher, Stream output,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var json = new Utf8JsonWriter(output, Json);
        json.WriteStartArray();
        long count = 0;
        await foreach (var record in ClaimRecords.Read(dataSource, filter, publishedOnly: true, ct))
        {
            if (record.Claim.PublishedVerdict is not { } verdict) continue;
            WriteReview(json, record, verdict, publisher);
            if (++count % 1000 == 0) progress?.Report(count);
            if (json.BytesPending > 64 * 1024) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
        await json.FlushAsync(ct);
        progress?.Report(count);
        return count;
    }

    /// <summary>The review of one claim's published verdict, as one JSON-LD object (what the publishing webhook receives).</summary>
    public static byte[] One(ClaimRecord record, Verdict verdict, Publisher publisher)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Json)) WriteReview(json, record, verdict, publisher);
        return buffer.ToArray();
    }

    private static void WriteReview(Utf8JsonWriter json, ClaimRecord record, Verdict verdict, Publisher publisher)
    {
        var claim = record.Claim;
        json.WriteStartObject();
        json.WriteString("@context", "https://schema.org");
        json.WriteString("@type", "ClaimReview");
        json.WriteString("url", publisher.VerdictUrl(claim.Id, verdict.VerdictId));
        json.WriteString("claimReviewed", claim.Text);
        json.WriteString("datePublished", Date(FirstPublished(claim, verdict)));
        if (verdict.Corrects is not null) json.WriteString("dateModified", Date(verdict.ApprovedAt!.Value));

        json.WriteStartObject("author");
        json.WriteString("@type", "Organization");
        json.WriteString("name", publisher.Name);
        json.WriteString("url", publisher.PublicBaseUrl);
        json.WriteEndObject();

        var rating = RatingScale.Default.ReviewRatingFor(verdict.Rating)
            ?? new ReviewRating(null, RatingScale.Default.BestScore, RatingScale.Default.WorstScore, verdict.Rating);
        json.WriteStartObject("reviewRating");
        json.WriteString("@type", "Rating");
        if (rating.RatingValue is { } value) json.WriteNumber("ratingValue", value);
        json.WriteNumber("bestRating", rating.BestRating);
        json.WriteNumber("worstRating", rating.WorstRating);
        json.WriteString("alternateName", rating.AlternateName);
        json.WriteEndObject();

        WriteItemReviewed(json, record);
        json.WriteEndObject();
    }

    /// <summary>The Claim: who made it (the claimant), where it appeared (reporters and relays) and when it was made.</summary>
    private static void WriteItemReviewed(Utf8JsonWriter json, ClaimRecord record)
    {
        var standing = record.Standing().ToList();
        json.WriteStartObject("itemReviewed");
        json.WriteString("@type", "Claim");
        if (standing.FirstOrDefault(s => s.Attribution.Role == AttributionRole.Claimant) is ({ } _, { } claimant))
        {
            json.WriteStartObject("author");
            json.WriteString("@type", claimant.Details.Kind == SourceKind.Person ? "Person" : "Organization");
            json.WriteString("name", claimant.Details.Name);
            if (claimant.Details.Url is { } url) json.WriteString("url", url);
            json.WriteEndObject();
        }
        if (record.Claim.ClaimedAt is { } claimedAt) json.WriteString("datePublished", Date(claimedAt));

        // Reporters first (they carried it first), then by when the piece was published, then in the order recorded.
        var appearances = standing
            .Where(s => s.Attribution.Role is AttributionRole.Reporter or AttributionRole.Relay)
            .Select((s, i) => (s.Attribution, s.Source, Order: i))
            .OrderBy(s => s.Attribution.Role == AttributionRole.Reporter ? 0 : 1)
            .ThenBy(s => s.Source.Details.PublishedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(s => s.Order)
            .ToList();
        if (appearances.Count > 0)
        {
            json.WritePropertyName("firstAppearance");
            WriteAppearance(json, appearances[0].Attribution, appearances[0].Source);
            json.WriteStartArray("appearance");
            foreach (var (attribution, source, _) in appearances) WriteAppearance(json, attribution, source);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteAppearance(Utf8JsonWriter json, Attribution attribution, Source source)
    {
        json.WriteStartObject();
        json.WriteString("@type", "CreativeWork");
        // schema.org allows a CreativeWork named without a URL: an appearance we cannot link is still one we can name.
        if ((attribution.Url ?? source.Details.Url) is { } url) json.WriteString("url", url);
        json.WriteString("name", source.Details.Name);
        if (source.Details.PublishedAt is { } published) json.WriteString("datePublished", Date(published));
        json.WriteEndObject();
    }

    /// <summary>When the review first went out: the approval of the earliest verdict in the chain of corrections ending at this one.</summary>
    private static DateTimeOffset FirstPublished(Claim claim, Verdict verdict)
    {
        var first = verdict;
        while (first.Corrects is { } earlier && claim.FindVerdict(earlier) is { ApprovedAt: not null } previous) first = previous;
        return first.ApprovedAt!.Value;
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
