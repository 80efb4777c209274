using System.Net;
using System.Text;
using CsvHelper;
using Tracker.Exports;

namespace Tracker.Tests.Exports;

/// <summary>claims.csv must open cleanly in a spreadsheet: encoding detected, quoting right, no formula run.</summary>
[Collection(ExportCollection.Name)]
public sealed class ClaimsCsvTests(ExportDesk desk)
{
    [Fact]
    public async Task Every_claim_reads_back_with_its_verdict_sign_off_and_sources()
    {
        var rows = Read(await Export());

        rows.Select(r => r.ClaimId).ShouldBe([desk.MeetingsClaim, desk.FormulaClaim, desk.AwkwardClaim, desk.OtherClaim], ignoreOrder: true);
        var meetings = rows.Single(r => r.ClaimId == desk.MeetingsClaim);
        meetings.StoryId.ShouldBe(desk.StoryId);
        meetings.Story.ShouldBe("US officials and Alberta separatists");
        meetings.Status.ShouldBe("rated");
        (meetings.Rating, meetings.RatingLabel).ShouldBe(("mostly_false", "Mostly false"));
        meetings.ProposedBy.ShouldNotBeNullOrEmpty();
        meetings.ApprovedBy.ShouldNotBeNullOrEmpty();
        meetings.ApprovedBy.ShouldNotBe(meetings.ProposedBy);
        meetings.ApprovedAt!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        meetings.ClaimedAt.ShouldBe("2025-04-01T00:00:00Z");
        meetings.Sources.ShouldBe("Jeff Rath; Financial Times report; LA News");
        meetings.Corrections.ShouldBe(1);
        rows.Single(r => r.ClaimId == desk.AwkwardClaim).Status.ShouldBe("unrated");
    }

    [Fact]
    public async Task A_cell_that_would_run_as_a_formula_comes_back_as_text()
    {
        var bytes = await Export();

        Encoding.UTF8.GetString(bytes).ShouldContain($"\"'{ExportDesk.FormulaText}\"");
        Read(bytes).Single(r => r.ClaimId == desk.FormulaClaim).Text.ShouldBe("'" + ExportDesk.FormulaText);
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_round_trip_and_the_file_is_utf8_with_a_bom()
    {
        var bytes = await Export();

        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes).ShouldContain("\r\n", customMessage: "RFC 4180 records end with CRLF");
        Read(bytes).Single(r => r.ClaimId == desk.AwkwardClaim).Text.ShouldBe(ExportDesk.AwkwardText);
    }

    [Fact]
    public async Task The_story_filter_keeps_that_story_s_claims()
    {
        var rows = Read(await Export($"?story={desk.StoryId}"));

        rows.Select(r => r.ClaimId).ShouldBe([desk.MeetingsClaim, desk.FormulaClaim, desk.AwkwardClaim], ignoreOrder: true);
    }

    private async Task<byte[]> Export(string query = "")
    {
        var response = await desk.Auditor.GetAsync("/api/export/claims.csv" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("claims.csv");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static List<ClaimRow> Read(byte[] csv)
    {
        using var reader = CsvReader.Create(csv);
        return reader.GetRecords<ClaimRow>().ToList();
    }
}
