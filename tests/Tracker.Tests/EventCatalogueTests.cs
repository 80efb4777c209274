using System.Reflection;
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
        "verdict_proposed", "verdict_approved", "verdict_rejected", "verdict_voided",
        "claim_linked", "claim_unlinked", "claim_archived", "claim_restored",
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
