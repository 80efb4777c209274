using Tracker.Verdicts;

namespace Tracker.Claims;

/// <summary>A claim as the API shows it: its state, the version it stands at, and its attribution chain as a tree.</summary>
public sealed record ClaimView(
    Guid Id,
    Guid StoryId,
    string Text,
    ClaimStatus Status,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    IReadOnlyList<Attribution> Attributions,
    IReadOnlyList<AttributionNode> AttributionChain,
    Verdict? PublishedVerdict,
    Verdict? PendingVerdict,
    IReadOnlyList<Verdict> Verdicts,
    IReadOnlyList<ClaimLink> Links,
    IReadOnlyList<Correction> Corrections,
    bool IsArchived,
    string? ArchiveReason,
    int Version,
    DateTimeOffset? AsOf)
{
    /// <summary>A rewording awaiting an editor's sign-off; the text above stays as it is until then.</summary>
    public PendingTextCorrection? PendingTextCorrection { get; init; }

    public Guid? AssigneeId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The desk's internal notes: shown to the newsroom, never exported to ClaimReview.</summary>
    public IReadOnlyList<ClaimNote> Notes { get; init; } = [];

    public static ClaimView From(Claim c, int version, DateTimeOffset? asOf = null) => new(
        c.Id, c.StoryId, c.Text, c.Status, c.ClaimedAt, c.LoggedAt, c.LoggedBy, c.Attributions, c.AttributionChain(),
        c.PublishedVerdict, c.PendingVerdict, c.Verdicts, c.Links, c.Corrections, c.IsArchived, c.ArchiveReason, version, asOf)
    {
        PendingTextCorrection = c.PendingTextCorrection,
        AssigneeId = c.AssigneeId,
        Tags = [.. c.Tags],
        Notes = c.Notes,
    };
}

/// <summary>One line of a claim's history: the event with its place in the hash chain.</summary>
public sealed record HistoryEntry(long Sequence, Guid EventId, int Version, string Type, DateTimeOffset RecordedAt,
    string? Actor, string? Reason, System.Text.Json.JsonElement Data, string PrevHash, string Hash)
{
    /// <summary>On an approval: how the approving editor got the role (granted by whom, when).</summary>
    public Accounts.RoleGrant? ApproverEditorGrant { get; init; }
}
