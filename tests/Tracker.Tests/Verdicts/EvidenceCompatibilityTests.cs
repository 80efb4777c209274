using System.Text.Json;
using Tracker.EventStore.Hashing;
using Tracker.Tests.Importing;
using Tracker.Tests.Specs;
using Tracker.Verdicts;

namespace Tracker.Tests.Verdicts;

/// <summary>Evidence learned to cite sources; verdicts recorded before must read and hash exactly as they were stored.</summary>
public class EvidenceCompatibilityTests
{
    [Fact]
    public void Verdicts_recorded_before_sources_could_be_cited_write_back_to_the_same_canonical_json()
    {
        var stored = OldStore.Lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "verdict_proposed")
            .Select(e => e.GetProperty("data").GetRawText()).ToList();
        stored.ShouldNotBeEmpty();
        foreach (var json in stored)
        {
            var proposed = Catalogue.Registry.Deserialize("verdict_proposed", json).ShouldBeOfType<VerdictProposed>();
            proposed.Evidence.ShouldAllBe(e => e.SourceId == null);
            Catalogue.Registry.SerializeCanonical(proposed).ShouldBe(EventHash.Canonicalize(json));
        }
    }

    [Fact]
    public void A_cited_source_is_stored_by_id_and_an_uncited_one_leaves_no_trace() =>
        Catalogue.Registry.SerializeCanonical(new VerdictProposed(Guid.Empty, "true", "s",
                [new("n", "https://example.org/"), new(SourceId: Guid.Parse("0198a1b2-0000-7000-8000-00000000f7f7"))], Guid.Empty, null, null))
            .ShouldContain("""
                "evidence":[{"note":"n","url":"https://example.org/"},{"sourceId":"0198a1b2-0000-7000-8000-00000000f7f7"}]
                """);
}
