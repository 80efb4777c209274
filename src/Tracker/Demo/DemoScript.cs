using System.Text.Json;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Sources;

namespace Tracker.Demo;

/// <summary>
/// The demo story as curated in demo-story.json: who works the desk, the story, its sources, its claims with
/// attributions and verdicts, and the links between claims. Keys name items inside the file; the loader turns
/// them into ids. <c>note</c>, <c>seed</c> and <c>from</c> are provenance for readers of the file, not loaded.
/// </summary>
public sealed record DemoScript(
    string About,
    string Password,
    string Reporter,
    IReadOnlyList<DemoAccount> Accounts,
    DemoStoryText Story,
    IReadOnlyList<DemoSource> Sources,
    IReadOnlyList<DemoClaim> Claims,
    IReadOnlyList<DemoLink> Links)
{
    private const string Resource = "Tracker.Demo.demo-story.json";

    /// <summary>The curated story the app ships, embedded in the assembly: nothing outside it is read.</summary>
    public static DemoScript Shipped()
    {
        using var stream = typeof(DemoScript).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The demo story ({Resource}) is not embedded in this build.");
        return Parse(stream);
    }

    /// <summary>Read as strictly as the API reads requests, so a misspelt field in the file fails loudly.</summary>
    public static DemoScript Parse(Stream json)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };
        TrackerApp.Strict(options);
        return JsonSerializer.Deserialize<DemoScript>(json, options) ?? throw new InvalidDataException("The demo story is empty.");
    }
}

public sealed record DemoAccount(string Key, string Name, IReadOnlyList<Role> Roles);

public sealed record DemoStoryText(string Title, string Summary);

public sealed record DemoSource(
    string Key, SourceKind Kind, string Name, string? Outlet = null, string? Author = null, string? Url = null,
    DateOnly? PublishedAt = null, string? Seed = null, string? Note = null);

public sealed record DemoClaim(
    string Key, string Text, IReadOnlyList<DemoAttribution> Attributions, DateOnly? ClaimedAt = null,
    IReadOnlyList<DemoVerdict>? Verdicts = null, DemoTextCorrection? TextCorrection = null);

/// <param name="From">The seed article the quote was taken from, as "outlet, date".</param>
public sealed record DemoAttribution(string Key, string Source, AttributionRole Role, string Quote, string From, string? Via = null, string? Url = null);

/// <summary>A verdict and what became of it: approved (and perhaps later voided), rejected, or left pending.</summary>
public sealed record DemoVerdict(
    string Key, string ProposedBy, string Rating, string Summary, IReadOnlyList<DemoEvidence> Evidence, string? CorrectionNote = null,
    string? ApprovedBy = null, string? RejectedBy = null, string? RejectReason = null, string? VoidedBy = null, string? VoidReason = null);

/// <summary>The file may leave the url out, which the API's strict reading of <see cref="Verdicts.Evidence"/> does not allow.</summary>
public sealed record DemoEvidence(string Note, string? Url = null)
{
    public Verdicts.Evidence ToEvidence() => new(Note, Url);
}

/// <summary>Applied after the claim's verdicts, so over a published verdict it is a correction.</summary>
/// <summary>A rewording; on a rated claim it waits for sign-off, which <paramref name="ApprovedBy"/> (an editor) gives.</summary>
public sealed record DemoTextCorrection(string By, string Text, string Reason, string? ApprovedBy = null);

public sealed record DemoLink(string Claim, LinkRelation Relation, string Other, string By, string? Note = null);

/// <summary>World dates in the file are days; they are recorded as midnight UTC of that day.</summary>
internal static class DemoDates
{
    public static DateTimeOffset? AtMidnight(DateOnly? day) => day is { } d ? new DateTimeOffset(d, TimeOnly.MinValue, TimeSpan.Zero) : null;
}
