using System.Text.RegularExpressions;
using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>Assigns the claim to someone on the desk. The assignee must be an account of the newsroom that may check claims.</summary>
public sealed record AssignClaim(Guid AccountId);

/// <summary>Adds and removes tags: lower-case words, digits and dashes, 1 to 40 characters, at most <see cref="OrganiseClaimDecisions.MaxTags"/> on a claim.</summary>
public sealed record TagClaim(IReadOnlyList<string> Add, IReadOnlyList<string> Remove);

public sealed record NoteClaim(string Text);

public static partial class OrganiseClaimDecisions
{
    /// <summary>Tags on one claim; every tag is in the claim's state, view and search row, so the set must stay small.</summary>
    public const int MaxTags = 50;

    /// <param name="assignee">The account's current roles, or null when the newsroom has no such account.</param>
    /// <param name="assigneeDisabled">Whether that account is disabled: its holder cannot sign in to work the claim.</param>
    public static Decision Assign(AssignClaim command, Claim claim, IReadOnlySet<Role>? assignee, bool assigneeDisabled)
    {
        if (claim.MustAcceptChanges() is { } closed) return closed;
        if (assignee is null) return Decision.NotFound("accountId", "No such account in your newsroom.");
        if (assigneeDisabled) return Decision.Invalid("accountId", "account_disabled", "This account is disabled; claims are assigned to active accounts.");
        if (!assignee.Overlaps([Role.Factchecker, Role.Editor]))
            return Decision.Invalid("accountId", "not_a_factchecker", "Claims are assigned to fact-checkers or editors.");
        if (claim.AssigneeId == command.AccountId) return Decision.Invalid("accountId", "unchanged", "The claim is already assigned to this account.");
        return Decision.Accept(new ClaimAssigned(command.AccountId));
    }

    public static Decision Tag(TagClaim command, Claim claim)
    {
        if (claim.MustAcceptChanges() is { } closed) return closed;
        var add = (command.Add ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        var remove = (command.Remove ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        if (add.Count == 0 && remove.Count == 0) return Decision.Invalid("add", "required", "Give a tag to add, or one to remove.");
        if (add.Concat(remove).FirstOrDefault(t => !TagShape().IsMatch(t)) is { } bad)
            return Decision.Invalid(add.Contains(bad) ? "add" : "remove", "tag_format", $"'{bad}' is not a tag: lower-case letters, digits and dashes, 1 to 40 characters.");
        if (add.Intersect(remove).Any()) return Decision.Invalid("remove", "contradictory", "A tag cannot be added and removed at once.");
        var added = add.Where(t => !claim.Tags.Contains(t)).ToList();
        var removed = remove.Where(claim.Tags.Contains).ToList();
        if (added.Count == 0 && removed.Count == 0) return Decision.Invalid("add", "unchanged", "The claim already has these tags.");
        // Only growth past the cap is refused: a claim tagged beyond it before the cap existed can still be trimmed.
        var after = claim.Tags.Count - removed.Count + added.Count;
        if (after > MaxTags && after > claim.Tags.Count)
            return Decision.Invalid("add", "too_many", $"A claim takes at most {MaxTags} tags (it has {claim.Tags.Count}).");
        return Decision.Accept(new ClaimTagged(added, removed));
    }

    /// <summary>Takes the claim off whoever has it: a finished check no longer fills their "assigned to me".</summary>
    public static Decision Unassign(Claim claim) =>
        claim.MustAcceptChanges() is { } closed ? closed
        : claim.AssigneeId is null ? Decision.Invalid("accountId", "unchanged", "The claim is not assigned to anyone.")
        : Decision.Accept(new ClaimUnassigned());

    public static Decision Note(NoteClaim command, Claim claim) =>
        claim.MustAcceptChanges() is { } closed ? closed
        : Check.Text("text", command.Text, TextLimits.Note) is { } bad ? bad
        : Decision.Accept(new ClaimNoteAdded(command.Text.Trim()));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex TagShape();

    /// <summary>A tag as tags are given and stored (lower-case letters, digits and dashes, 1 to 40 characters).</summary>
    public static bool IsTag(string text) => TagShape().IsMatch(text);
}
