namespace Tracker.Claims;

/// <summary>
/// A standing link to another claim. Not inverse: "this claim {relation} the other" (the 30% claim contradicts the 19% one).
/// Inverse: the other claim made the link, "the other {relation} this claim".
/// </summary>
public sealed record ClaimLink(Guid OtherClaimId, LinkRelation Relation, bool Inverse, string? Note, string LinkedBy, DateTimeOffset LinkedAt);
