using System.Runtime.CompilerServices;
using CsvHelper;
using Npgsql;
using Tracker.Claims;
using Tracker.Verdicts;

namespace Tracker.Exports;

/// <summary>One spreadsheet row: a claim as it stands now, with the verdict readers see and who signed it off.</summary>
[CsvRecord]
public sealed partial record ClaimRow(
    [CsvColumn("claim_id")] Guid ClaimId,
    [CsvColumn("story_id")] Guid StoryId,
    [CsvColumn("story")] string? Story,
    [CsvColumn("text")] string Text,
    [CsvColumn("status")] string Status,
    [CsvColumn("rating")] string? Rating,
    [CsvColumn("rating_label")] string? RatingLabel,
    [CsvColumn("verdict_summary")] string? VerdictSummary,
    [CsvColumn("proposed_by")] string? ProposedBy,
    [CsvColumn("approved_by")] string? ApprovedBy,
    [CsvColumn("proposed_at")] string? ProposedAt,
    [CsvColumn("approved_at")] string? ApprovedAt,
    [CsvColumn("claimed_at")] string? ClaimedAt,
    [CsvColumn("logged_at")] string LoggedAt,
    [CsvColumn("logged_by")] string LoggedBy,
    [CsvColumn("sources")] string Sources,
    [CsvColumn("corrections")] int Corrections)
{
    public static ClaimRow From(ClaimRecord record)
    {
        var claim = record.Claim;
        var verdict = claim.PublishedVerdict;
        return new ClaimRow(
            claim.Id, claim.StoryId, record.StoryTitle, claim.Text, Snake(claim.Status.ToString()),
            verdict?.Rating, verdict is null ? null : RatingScale.Default.Find(verdict.Rating)?.Label ?? verdict.Rating, verdict?.Summary,
            verdict?.ProposedByName, verdict?.ApprovedByName, Date(verdict?.ProposedAt), Date(verdict?.ApprovedAt),
            Date(claim.ClaimedAt), Date(claim.LoggedAt)!, claim.LoggedBy,
            string.Join("; ", record.Standing().Select(s => s.Source.Details.Name).Distinct()),
            claim.Corrections.Count);
    }

    /// <summary>ISO 8601 in UTC to the second: what spreadsheets parse as a date.</summary>
    private static string? Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}

/// <summary>
/// claims.csv: RFC 4180 through CsvHelper, UTF-8 with a byte order mark so spreadsheets pick the right encoding,
/// and any text cell that a spreadsheet would run as a formula (= + - @, tab, CR) shown as text with a leading quote.
/// </summary>
public static class ClaimsCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    public static async Task<long> Write(NpgsqlDataSource dataSource, ExportFilter filter, Stream output,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        var counter = new Counter(progress);
        await csv.WriteRecordsAsync(counter.Rows(ClaimRecords.Read(dataSource, filter, publishedOnly: false, ct), ct), ct);
        await csv.FlushAsync(ct);
        progress?.Report(counter.Count);
        return counter.Count;
    }

    private sealed class Counter(IProgress<long>? progress)
    {
        public long Count { get; private set; }

        public async IAsyncEnumerable<ClaimRow> Rows(IAsyncEnumerable<ClaimRecord> records, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var record in records.WithCancellation(ct))
            {
                yield return ClaimRow.From(record);
                if (++Count % 1000 == 0) progress?.Report(Count);
            }
        }
    }
}
