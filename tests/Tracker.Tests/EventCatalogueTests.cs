using System.Reflection;
using System.Text.Json;
using Tracker.EventStore.Hashing;
using Tracker.Tests.Specs;

namespace Tracker.Tests;

/// <summary>The stored names are a contract with a year of history; docs/events.md lists the same.</summary>
public class EventCatalogueTests
{
    private static readonly string[] Aliases =
    [
        "story_opened", "story_retitled", "story_summary_revised", "story_closed", "story_reopened",
        "source_registered", "source_details_corrected", "source_snapshot_recorded", "source_retracted",
        "claim_logged", "attribution_added", "attribution_withdrawn", "claim_text_corrected",
        "text_correction_proposed", "text_correction_approved", "text_correction_rejected",
        "verdict_proposed", "verdict_approved", "verdict_rejected", "verdict_voided",
        "claim_linked", "claim_unlinked", "claim_archived", "claim_restored",
        "claim_assigned", "claim_unassigned", "claim_tagged", "claim_note_added",
    ];

    private static IEnumerable<Type> EventTypes =>
        typeof(Tracker.Claims.Claim).Assembly.GetTypes().Where(Catalogue.Registry.IsRegistered);

    [Fact]
    public void Every_event_of_the_catalogue_is_registered_under_its_alias() =>
        Catalogue.Registry.Aliases.Order().ShouldBe(Aliases.Order());

    [Fact]
    public void The_catalogue_of_record_lists_every_alias()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "events.md"));

        Aliases.Where(alias => !doc.Contains($"`{alias}`")).ShouldBeEmpty();
    }

    [Fact]
    public void Payloads_carry_no_floating_point_because_hashes_take_integers_only() =>
        EventTypes.SelectMany(t => FloatingPointMembers(t, t.Name)).ShouldBeEmpty();

    /// <summary>Imports rely on the serializer writing each payload in RFC 8785 form itself: it must, and byte for byte.</summary>
    [Fact]
    public void Every_payload_is_written_canonically_without_a_second_parse()
    {
        EventTypes.Where(t => !Catalogue.Registry.WritesCanonicallyDirectly(t)).ShouldBeEmpty();
        var random = new Random(8785);
        foreach (var type in EventTypes)
            for (var i = 0; i < 300; i++)
            {
                var payload = ArbitraryPayload.Of(type, random);
                var general = CanonicalJson.Serialize(JsonSerializer.SerializeToElement(payload, type, Catalogue.Registry.Json));
                Catalogue.Registry.SerializeCanonical(payload).ShouldBe(general, $"{type.Name}: {payload}");
            }
    }

    private static IEnumerable<string> FloatingPointMembers(Type type, string path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = propertyType.IsGenericType ? propertyType.GetGenericArguments()[0] : propertyType;
            if (element == typeof(float) || element == typeof(double) || element == typeof(decimal) || element == typeof(Half))
                yield return $"{path}.{property.Name}";
            else if (element.Namespace?.StartsWith("Tracker", StringComparison.Ordinal) == true && !element.IsEnum)
                foreach (var nested in FloatingPointMembers(element, $"{path}.{property.Name}")) yield return nested;
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tracker.sln"))) dir = dir.Parent;
        return dir.ShouldNotBeNull("Tracker.sln not found above the test binaries").FullName;
    }
}
