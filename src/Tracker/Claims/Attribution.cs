namespace Tracker.Claims;

/// <summary>Who said, reported, relayed or is cited for a claim. Withdrawn attributions stay, marked, with the reason.</summary>
public sealed record Attribution(
    Guid Id,
    Guid SourceId,
    AttributionRole Role,
    string Quote,
    string? Url,
    Guid? Via,
    string AddedBy,
    DateTimeOffset AddedAt,
    bool Withdrawn = false,
    string? WithdrawnReason = null,
    DateTimeOffset? WithdrawnAt = null)
{
    /// <summary>How the corrections register shows it: role, then quote.</summary>
    public string Describe() => $"{Role.ToString().ToLowerInvariant()}: {Quote}";
}

/// <summary>
/// One step of the attribution chain: an attribution and the relays that repeat it.
/// "Rath said" and "the FT reported" are roots; "Global Times relayed the FT" hangs under the FT.
/// </summary>
public sealed record AttributionNode(Attribution Attribution, IReadOnlyList<AttributionNode> Relays)
{
    /// <summary>Roots are the attributions that relay nothing, in the order they were added; withdrawn ones are kept, marked.</summary>
    public static IReadOnlyList<AttributionNode> Chain(IReadOnlyList<Attribution> attributions)
    {
        var relaysOf = attributions.Where(a => a.Via is not null).ToLookup(a => a.Via!.Value);
        AttributionNode Node(Attribution a) => new(a, [.. relaysOf[a.Id].Select(Node)]);
        return [.. attributions.Where(a => a.Via is null).Select(Node)];
    }
}
