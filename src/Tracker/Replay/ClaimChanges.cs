using Tracker.Claims;
using Tracker.Verdicts;

namespace Tracker.Replay;

/// <summary>A value before and after; present in a diff only when the two differ.</summary>
public sealed record Change<T>(T Before, T After);

/// <summary>
/// What changed on a claim between two moments. <see cref="Logged"/> says the claim did not exist at the first one.
/// Text as a word diff; status, rating and verdicts as before/after; attributions, links and corrections as what was added or removed.
/// </summary>
public sealed record ClaimChanges(
    Guid ClaimId,
    bool Logged,
    TextChange? Text,
    Change<ClaimStatus>? Status,
    Change<string?>? Rating,
    Change<Verdict?>? PublishedVerdict,
    Change<Verdict?>? PendingVerdict,
    IReadOnlyList<Attribution> AttributionsAdded,
    IReadOnlyList<Attribution> AttributionsWithdrawn,
    IReadOnlyList<ClaimLink> LinksAdded,
    IReadOnlyList<ClaimLink> LinksRemoved,
    IReadOnlyList<Correction> Corrections,
    Change<bool>? Archived)
{
    public bool IsEmpty => !Logged && Text is null && Status is null && Rating is null && PublishedVerdict is null && PendingVerdict is null
        && AttributionsAdded.Count == 0 && AttributionsWithdrawn.Count == 0 && LinksAdded.Count == 0 && LinksRemoved.Count == 0
        && Corrections.Count == 0 && Archived is null;

    /// <summary>The pure diff of two states of one claim; <paramref name="before"/> is <see cref="Claim.Initial"/> when it did not exist yet.</summary>
    public static ClaimChanges Between(Claim before, Claim after)
    {
        var beforeIds = before.Attributions.Select(a => a.Id).ToHashSet();
        var withdrawnBefore = before.Attributions.Where(a => a.Withdrawn).Select(a => a.Id).ToHashSet();
        return new(
            after.IsLogged ? after.Id : before.Id,
            !before.IsLogged && after.IsLogged,
            WordDiff.Between(before.IsLogged ? before.Text : null, after.IsLogged ? after.Text : null),
            Differs(before.Status, after.Status),
            Differs(before.PublishedVerdict?.Rating, after.PublishedVerdict?.Rating),
            before.PublishedVerdict?.VerdictId == after.PublishedVerdict?.VerdictId ? null : new(before.PublishedVerdict, after.PublishedVerdict),
            before.PendingVerdict?.VerdictId == after.PendingVerdict?.VerdictId ? null : new(before.PendingVerdict, after.PendingVerdict),
            [.. after.Attributions.Where(a => !beforeIds.Contains(a.Id))],
            [.. after.Attributions.Where(a => a.Withdrawn && !withdrawnBefore.Contains(a.Id))],
            [.. after.Links.Where(l => !before.Links.Any(b => SameLink(b, l)))],
            [.. before.Links.Where(l => !after.Links.Any(a => SameLink(a, l)))],
            [.. after.Corrections.Where(c => !before.Corrections.Any(b => (b.Version, b.Kind) == (c.Version, c.Kind)))],
            Differs(before.IsArchived, after.IsArchived));
    }

    private static bool SameLink(ClaimLink a, ClaimLink b) => a.OtherClaimId == b.OtherClaimId && a.Relation == b.Relation && a.Inverse == b.Inverse;

    internal static Change<T>? Differs<T>(T before, T after) => EqualityComparer<T>.Default.Equals(before, after) ? null : new(before, after);
}
