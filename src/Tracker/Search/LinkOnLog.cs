using Tracker.Claims;
using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Search;

/// <summary>
/// The log-a-claim form's "log as restating / as a duplicate of" buttons: the new claim is logged with its attribution
/// as usual (who said it this time is worth keeping), then linked to the claim it repeats with the same command as
/// POST /api/claims/{id}/links. The button sends linkAs = "restates:{claimId}" or "duplicates:{claimId}".
/// </summary>
public static class LinkOnLog
{
    public static readonly LinkRelation[] Relations = [LinkRelation.Restates, LinkRelation.Duplicates];

    public static string Value(LinkRelation relation, Guid claimId) => $"{Web.Forms.Key(relation)}:{claimId}";

    public static (LinkRelation Relation, Guid OtherClaimId)? Asked(string? linkAs)
    {
        var parts = linkAs?.Split(':');
        if (parts is not [var relation, var id] || !Guid.TryParse(id, out var other)) return null;
        var found = Relations.Where(r => Web.Forms.Key(r) == relation).ToList();
        return found.Count == 1 ? (found[0], other) : null;
    }

    /// <summary>
    /// Refused before anything is written: linking is a fact-checker's step, logging a reporter's, and the claim to link
    /// to must be one of the newsroom's that takes links (not archived), or the claim would be logged and left unlinked.
    /// </summary>
    public static async Task<CommandOutcome?> Refusal(Actor by, string? linkAs, Store.Ledger ledger, CancellationToken ct)
    {
        if (linkAs is null) return null;
        if (Asked(linkAs) is not { } link) return Web.Forms.Refuse("linkAs", "unknown", "Choose restates or duplicates, with the claim.");
        if (!Access.Factcheckers.Any(by.Has))
            return new CommandOutcome.Rejected(new(RejectionKind.Forbidden, "linkAs", "role",
                "Only a fact-checker or an editor links claims: log it, and ask one to link it."));
        var other = await ledger.Load<Claim>(by.Newsroom, link.OtherClaimId, ct);
        return OtherClaim.MustAcceptLinks(link.OtherClaimId, other?.State) is { } refused
            ? new CommandOutcome.Rejected(refused with { Field = "linkAs" })
            : null;
    }

    /// <summary>Links the claim just logged when asked to; otherwise, or when logging was refused, the logging's outcome.</summary>
    public static async Task<CommandOutcome?> Then(CommandOutcome? logged, string? linkAs, ClaimCommands claims, CommandContext context,
        Guid claimId, CancellationToken ct)
    {
        if (logged is not CommandOutcome.Appended || Asked(linkAs) is not { } link) return logged;
        return await claims.Link(context, claimId, new LinkClaims(link.OtherClaimId, link.Relation, "Suggested while logging"), ct);
    }
}
