using Tracker.Commands;
using Tracker.Sources;

namespace Tracker.Claims;

/// <summary>
/// Records who said, reported, relayed or is cited for the claim, in their words. A relay names, in
/// <paramref name="Via"/>, the attribution it repeats: "Global Times relayed the FT" is a relay via the FT's report.
/// </summary>
public sealed record AddAttribution(Guid AttributionId, Guid SourceId, AttributionRole Role, string Quote, string? Url, Guid? Via);

public static class AddAttributionDecision
{
    /// <param name="source">The source attributed, or null when this newsroom has no such source.</param>
    /// <param name="fieldPrefix">Prefixes the fields a refusal names: <c>attribution.</c> when the attribution is part of a new claim's body.</param>
    public static Decision Decide(AddAttribution command, Claim claim, Source? source, Actor by, DateTimeOffset now, string fieldPrefix = "")
    {
        if (claim.MustAcceptChanges() is { } refused) return refused;
        if (claim.FindAttribution(command.AttributionId) is not null)
            return Decision.Conflict("attribution_exists", "This attribution is already recorded.", "attributionId");
        if (source is not { IsRegistered: true } || source.Id != command.SourceId)
            return Decision.Invalid(fieldPrefix + "sourceId", "not_found", "No such source: register it first.");
        if (Check.First(
                CheckVia(command, claim, fieldPrefix + "via"),
                Check.Text(fieldPrefix + "quote", command.Quote, TextLimits.Quote),
                Check.Url(fieldPrefix + "url", command.Url)) is { } rejection)
            return rejection;
        return Decision.Accept(new AttributionAdded(
            command.AttributionId, command.SourceId, command.Role, command.Quote, command.Url, command.Via));
    }

    /// <summary>Only a relay repeats someone, and it must repeat an attribution that still stands on this claim.</summary>
    private static Rejection? CheckVia(AddAttribution command, Claim claim, string field)
    {
        Rejection Broken(string rule, string message) => new(RejectionKind.BrokenRule, field, rule, message);
        if (command.Role != AttributionRole.Relay)
            return command.Via is null ? null : Broken("only_for_relay", "Only a relay names the attribution it repeats.");
        if (command.Via is not { } via) return Broken("required_for_relay", "A relay must name the attribution it repeats.");
        return claim.FindAttribution(via) switch
        {
            null => Broken("not_found", "A relay must repeat an attribution of this claim."),
            { Withdrawn: true } => Broken("withdrawn", "That attribution was withdrawn; a relay cannot repeat it."),
            _ => null,
        };
    }
}
