using Tracker.Claims;
using Tracker.Stories;

namespace Tracker.Replay;

/// <summary>What changed on a story between two moments: its own text and standing, and each of its claims that changed.</summary>
public sealed record StoryChanges(Guid StoryId, bool Opened, TextChange? Title, TextChange? Summary, Change<bool>? Closed, IReadOnlyList<ClaimChanges> Claims)
{
    /// <summary>The pure diff; each claim pair is the claim at the two moments (<see cref="Claim.Initial"/> where it did not exist).</summary>
    public static StoryChanges Between(Story before, Story after, IEnumerable<(Claim Before, Claim After)> claims) => new(
        after.IsOpened ? after.Id : before.Id,
        !before.IsOpened && after.IsOpened,
        WordDiff.Between(before.IsOpened ? before.Title : null, after.IsOpened ? after.Title : null),
        WordDiff.Between(before.IsOpened ? before.Summary : null, after.IsOpened ? after.Summary : null),
        ClaimChanges.Differs(before.IsClosed, after.IsClosed),
        [.. claims.Select(c => ClaimChanges.Between(c.Before, c.After)).Where(c => !c.IsEmpty)]);
}
