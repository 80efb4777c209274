using Tracker.Commands;
using Tracker.Sources;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Sources;

public class SourceTests : Spec<Source>
{
    private const string GlobalTimesUrl = "https://www.globaltimes.cn/page/202601/1354321.shtml";
    private const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly SourceRegistered GlobalTimesRegistered =
        new(SourceKind.Article, "Carney expects US to respect sovereignty", GlobalTimesUrl, "Global Times", null, GlobalTimesDay);

    private static RegisterSource Register(string name = "Carney expects US to respect sovereignty", string? url = GlobalTimesUrl, DateTimeOffset? publishedAt = null) =>
        new(GlobalTimes, SourceKind.Article, name, url, "Global Times", null, publishedAt ?? GlobalTimesDay);

    private static CorrectSourceDetails Correct(string outlet, string reason = "Outlet misspelt") =>
        new(SourceKind.Article, GlobalTimesRegistered.Name, GlobalTimesUrl, outlet, null, GlobalTimesDay, reason);

    [Fact]
    public void Registering_an_article_records_its_details() =>
        Given().When(source => RegisterSourceDecision.Decide(Register(), source, Rosa, Now))
            .Then(GlobalTimesRegistered);

    [Fact]
    public void A_person_is_registered_without_url_or_outlet() =>
        Given().When(source => RegisterSourceDecision.Decide(new(JeffRath, SourceKind.Person, "Jeff Rath", null, null, null, null), source, Rosa, Now))
            .Then(new SourceRegistered(SourceKind.Person, "Jeff Rath", null, null, null, null));

    [Fact]
    public void A_source_registers_once() =>
        Given(GlobalTimesRegistered).When(source => RegisterSourceDecision.Decide(Register(), source, Rosa, Now))
            .ThenRejected(RejectionKind.Conflict, "already_registered", "sourceId");

    [Theory]
    [InlineData("globaltimes.cn/page/1")]
    [InlineData("ftp://ft.com/alberta")]
    public void A_url_must_be_absolute_http(string url) =>
        Given().When(source => RegisterSourceDecision.Decide(Register(url: url), source, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "url", "url");

    [Fact]
    public void A_source_cannot_be_published_after_now() =>
        Given().When(source => RegisterSourceDecision.Decide(Register(publishedAt: Now.AddDays(1)), source, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "in_future", "publishedAt");

    [Fact]
    public void A_name_longer_than_300_characters_is_refused() =>
        Given().When(source => RegisterSourceDecision.Decide(Register(name: new string('n', 301)), source, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "name");

    [Fact]
    public void Correcting_details_records_all_of_them_with_the_reason() =>
        Given(GlobalTimesRegistered).When(source => CorrectSourceDetailsDecision.Decide(Correct("Global Times (Beijing)"), source, Farid, Now))
            .Then(new SourceDetailsCorrected(SourceKind.Article, GlobalTimesRegistered.Name, GlobalTimesUrl, "Global Times (Beijing)", null, GlobalTimesDay, "Outlet misspelt"));

    [Fact]
    public void A_correction_that_changes_nothing_is_refused() =>
        Given(GlobalTimesRegistered).When(source => CorrectSourceDetailsDecision.Decide(Correct("Global Times"), source, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "unchanged", "details");

    [Fact]
    public void A_correction_needs_a_reason() =>
        Given(GlobalTimesRegistered).When(source => CorrectSourceDetailsDecision.Decide(Correct("Global Times (Beijing)", reason: ""), source, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void An_unknown_source_is_not_found() =>
        Given().When(source => CorrectSourceDetailsDecision.Decide(Correct("Global Times (Beijing)"), source, Farid, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "sourceId");

    [Fact]
    public void A_snapshot_records_the_content_hash_in_lower_case() =>
        Given(GlobalTimesRegistered)
            .When(source => RecordSourceSnapshotDecision.Decide(new("https://web.archive.org/web/2026/globaltimes", Sha256.ToUpperInvariant(), GlobalTimesDay), source, Rosa, Now))
            .Then(new SourceSnapshotRecorded("https://web.archive.org/web/2026/globaltimes", Sha256, GlobalTimesDay));

    [Theory]
    [InlineData("9f86d081")]
    [InlineData("zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void A_snapshot_hash_must_be_sha256_hex(string hash) =>
        Given(GlobalTimesRegistered).When(source => RecordSourceSnapshotDecision.Decide(new(null, hash, null), source, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "sha256", "contentSha256");

    [Fact]
    public void A_snapshot_cannot_be_captured_after_now() =>
        Given(GlobalTimesRegistered).When(source => RecordSourceSnapshotDecision.Decide(new(null, Sha256, Now.AddMinutes(1)), source, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "in_future", "capturedAt");

    [Fact]
    public void Retracting_records_the_note() =>
        Given(GlobalTimesRegistered).When(source => RetractSourceDecision.Decide(new("Article pulled by the outlet."), source, Farid, Now))
            .Then(new SourceRetracted("Article pulled by the outlet."));

    [Fact]
    public void A_source_is_retracted_once() =>
        Given(GlobalTimesRegistered, new SourceRetracted("Pulled.")).When(source => RetractSourceDecision.Decide(new("Pulled again."), source, Farid, Now))
            .ThenRejected(RejectionKind.Conflict, "already_retracted");

    [Fact]
    public void A_retraction_needs_a_note() =>
        Given(GlobalTimesRegistered).When(source => RetractSourceDecision.Decide(new(""), source, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "note");

    [Fact]
    public void Evolving_applies_corrections_snapshots_and_retraction()
    {
        var snapshotAt = Now.AddHours(-2);
        var source = Given(
            GlobalTimesRegistered,
            new SourceDetailsCorrected(SourceKind.Article, GlobalTimesRegistered.Name, GlobalTimesUrl, "Global Times (Beijing)", "GT staff", GlobalTimesDay, "Byline"),
            By(Rosa, new SourceSnapshotRecorded(null, Sha256, null), at: snapshotAt),
            new SourceRetracted("Pulled.")).State;

        source.Id.ShouldBe(StreamId);
        source.Details.ShouldBe(new SourceDetails(SourceKind.Article, GlobalTimesRegistered.Name, GlobalTimesUrl, "Global Times (Beijing)", "GT staff", GlobalTimesDay));
        source.Snapshots.ShouldHaveSingleItem().ShouldBe(new SourceSnapshot(null, Sha256, null, snapshotAt));
        source.IsRetracted.ShouldBeTrue();
        source.RetractionNote.ShouldBe("Pulled.");
    }
}
