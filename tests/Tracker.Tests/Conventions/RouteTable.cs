using Tracker.Commands;

namespace Tracker.Tests.Conventions;

/// <summary>Ids that exist in the first newsroom, for asking the second one about them.</summary>
public sealed record ForeignIds(Guid AccountId, Guid TokenId, Guid StoryId, Guid SourceId, Guid ClaimId, Guid OtherClaimId, Guid AttributionId, Guid VerdictId);

/// <summary>
/// Who may call a route (null: anyone, signed in or not), and for routes that name a resource, a real
/// request against the first newsroom's data (path and a valid body) that another newsroom must get 404 for.
/// </summary>
public sealed record RouteRule(Role[]? Allowed, Func<ForeignIds, (string Path, object? Body)>? Foreign = null);

/// <summary>
/// Every route the app maps, with the roles the design gives it (docs/api.md, Roles). Written out here, not read from the app,
/// so a wrong grant in the app fails a test. A route the app maps without a line here fails the suite.
/// </summary>
public static class RouteTable
{
    private static readonly Role[] Anyone = [Role.Reporter, Role.Factchecker, Role.Editor, Role.Auditor, Role.Admin];
    private static readonly Role[] Admins = [Role.Admin];
    private static readonly Role[] Reporters = [Role.Reporter, Role.Factchecker, Role.Editor];
    private static readonly Role[] Factcheckers = [Role.Factchecker, Role.Editor];
    private static readonly Role[] Editors = [Role.Editor];
    private static readonly object Reason = new { reason = "checking isolation" };
    private static readonly Role[] Auditors = [Role.Auditor, Role.Editor];
    private static readonly Role[] CheckpointKeepers = [Role.Auditor, Role.Editor, Role.Admin];

    public static readonly Dictionary<string, RouteRule> Rules = new()
    {
        ["GET /health"] = new(null),
        // Open to no newsroom role: the machine itself or the scrape token (Telemetry/MetricsTests).
        ["GET /metrics"] = new(null),
        ["GET /openapi/{documentName}.json"] = new(null),
        ["GET /login"] = new(null),
        ["POST /login"] = new(null),
        ["POST /logout"] = new(null),

        ["GET /api/me"] = new(Anyone),
        ["GET /api/accounts"] = new(Admins),
        ["POST /api/accounts"] = new(Admins),
        ["POST /api/accounts/{id:guid}/roles"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/roles", new { roles = new[] { "editor" } })),
        ["POST /api/accounts/setup"] = new(null),
        ["POST /api/accounts/{id:guid}/password-reset"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/password-reset", null)),
        ["GET /api/me/tokens"] = new(Anyone),
        ["GET /api/queue"] = new(Anyone),
        ["GET /api/queue/sent-back"] = new(Anyone),
        ["GET /api/claims"] = new(Anyone),
        ["GET /api/claims/similar"] = new(Anyone),
        ["POST /api/claims/{id:guid}/assign"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/assign", new { accountId = s.AccountId })),
        ["POST /api/claims/{id:guid}/unassign"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/unassign", null)),
        ["POST /api/claims/{id:guid}/tags"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/tags", new { add = new[] { "isolation" } })),
        ["POST /api/claims/{id:guid}/notes"] = new(Reporters, s => ($"/api/claims/{s.ClaimId}/notes", new { text = "checking isolation" })),
        ["POST /api/me/tokens"] = new(Anyone),
        ["POST /api/me/tokens/{tokenId:guid}/revoke"] = new(Anyone),
        ["POST /api/accounts/{id:guid}/disable"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/disable", Reason)),
        ["POST /api/accounts/{id:guid}/enable"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/enable", null)),
        ["POST /api/accounts/{id:guid}/tokens/{tokenId:guid}/revoke"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/tokens/{s.TokenId}/revoke", null)),

        ["POST /api/stories"] = new(Reporters),
        ["GET /api/stories"] = new(Anyone),
        ["GET /api/stories/{id:guid}"] = new(Anyone, s => ($"/api/stories/{s.StoryId}", null)),
        ["POST /api/stories/{id:guid}/claims"] = new(Reporters, s => ($"/api/stories/{s.StoryId}/claims", new { text = "A claim" })),
        ["POST /api/stories/{id:guid}/title"] = new(Reporters, s => ($"/api/stories/{s.StoryId}/title", new { title = "Another title", reason = "checking isolation" })),
        ["POST /api/stories/{id:guid}/summary"] = new(Reporters, s => ($"/api/stories/{s.StoryId}/summary", new { summary = "Another summary", reason = "checking isolation" })),
        ["POST /api/stories/{id:guid}/close"] = new(Editors, s => ($"/api/stories/{s.StoryId}/close", new { note = "checking isolation" })),
        ["POST /api/stories/{id:guid}/reopen"] = new(Editors, s => ($"/api/stories/{s.StoryId}/reopen", Reason)),

        ["POST /api/sources"] = new(Reporters),
        ["GET /api/sources"] = new(Anyone),
        ["GET /api/sources/{id:guid}"] = new(Anyone, s => ($"/api/sources/{s.SourceId}", null)),
        ["POST /api/sources/{id:guid}/details"] = new(Reporters, s => ($"/api/sources/{s.SourceId}/details", new { changes = new { name = "Another name" }, reason = "checking isolation" })),
        ["POST /api/sources/{id:guid}/snapshots"] = new(Reporters, s => ($"/api/sources/{s.SourceId}/snapshots", new { contentSha256 = new string('a', 64) })),
        ["POST /api/sources/{id:guid}/retract"] = new(Factcheckers, s => ($"/api/sources/{s.SourceId}/retract", new { note = "checking isolation" })),

        ["GET /api/claims/{id:guid}"] = new(Anyone, s => ($"/api/claims/{s.ClaimId}", null)),
        ["GET /api/claims/{id:guid}/history"] = new(Anyone, s => ($"/api/claims/{s.ClaimId}/history", null)),
        ["POST /api/claims/{id:guid}/attributions"] = new(Reporters, s => ($"/api/claims/{s.ClaimId}/attributions", new { sourceId = s.SourceId, role = "claimant", quote = "q" })),
        ["POST /api/claims/{id:guid}/attributions/{attributionId:guid}/withdraw"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/attributions/{s.AttributionId}/withdraw", Reason)),
        ["POST /api/claims/{id:guid}/text"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/text", new { text = "changed", reason = "r" })),
        ["POST /api/claims/{id:guid}/text-corrections/{textCorrectionId:guid}/approve"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/text-corrections/{Guid.NewGuid()}/approve", null)),
        ["POST /api/claims/{id:guid}/text-corrections/{textCorrectionId:guid}/reject"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/text-corrections/{Guid.NewGuid()}/reject", Reason)),
        ["POST /api/claims/{id:guid}/links"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/links", new { otherClaimId = s.OtherClaimId, relation = "contradicts" })),
        ["POST /api/claims/{id:guid}/links/{otherClaimId:guid}/unlink"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/links/{s.OtherClaimId}/unlink", Reason)),
        ["POST /api/claims/{id:guid}/archive"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/archive", Reason)),
        ["POST /api/claims/{id:guid}/restore"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/restore", null)),
        ["POST /api/claims/{id:guid}/verdicts"] = new(Factcheckers, s => ($"/api/claims/{s.ClaimId}/verdicts", new { rating = "false", summary = "s", evidence = new[] { new { note = "n" } } })),
        ["POST /api/claims/{id:guid}/verdicts/{verdictId:guid}/approve"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/verdicts/{s.VerdictId}/approve", null)),
        ["POST /api/claims/{id:guid}/verdicts/{verdictId:guid}/reject"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/verdicts/{s.VerdictId}/reject", Reason)),
        ["POST /api/claims/{id:guid}/verdicts/{verdictId:guid}/void"] = new(Editors, s => ($"/api/claims/{s.ClaimId}/verdicts/{s.VerdictId}/void", Reason)),

        ["GET /api/stories/{id:guid}/timeline"] = new(Anyone, s => ($"/api/stories/{s.StoryId}/timeline", null)),
        ["GET /api/stories/{id:guid}/diff"] = new(Anyone, s => ($"/api/stories/{s.StoryId}/diff", null)),
        ["GET /api/claims/{id:guid}/diff"] = new(Anyone, s => ($"/api/claims/{s.ClaimId}/diff", null)),
        ["GET /api/corrections"] = new(Anyone),
        ["GET /api/export/events.ndjson"] = new(Auditors),
        ["GET /api/export/claims.csv"] = new(Auditors),
        ["GET /api/export/claimreview.json"] = new(Auditors),
        ["GET /api/audit/verify"] = new(Auditors),
        ["GET /api/export/checkpoints.jsonl"] = new(Auditors),
        ["POST /api/audit/checkpoints"] = new(CheckpointKeepers),
        ["GET /api/audit/checkpoints"] = new(CheckpointKeepers),
        ["GET /api/audit/checkpoints/{sequence:long}"] = new(CheckpointKeepers),
        ["GET /api/audit/key"] = new(CheckpointKeepers),
        // Another newsroom's dead letter is a 404: PublishingWebhookTests replays a real one from a second newsroom.
        ["GET /api/publishing"] = new(Admins),
        ["POST /api/publishing/dead-letters/{id:guid}/replay"] = new(Admins),
        // The web workbench (src/Tracker/Web): pages take the cookie or a token. Its form posts need an antiforgery
        // token, so their newsroom isolation is tested with a signed-in session in Tracker.BrowserTests/WorkbenchIsolationTests.
        ["GET /web/{file}"] = new(null),
        ["GET /"] = new(Anyone),
        ["POST /stories"] = new(Reporters),
        ["GET /stories/{id:guid}"] = new(Anyone, s => ($"/stories/{s.StoryId}", null)),
        ["POST /stories/{id:guid}/claims"] = new(Reporters),
        ["POST /stories/{id:guid}/sources"] = new(Reporters),
        ["POST /stories/{id:guid}/title"] = new(Reporters),
        ["POST /stories/{id:guid}/summary"] = new(Reporters),
        ["POST /stories/{id:guid}/close"] = new(Editors),
        ["POST /stories/{id:guid}/reopen"] = new(Editors),
        ["GET /sources/{id:guid}"] = new(Anyone, s => ($"/sources/{s.SourceId}", null)),
        ["POST /sources/{id:guid}/details"] = new(Reporters),
        ["POST /sources/{id:guid}/snapshots"] = new(Reporters),
        ["POST /sources/{id:guid}/retract"] = new(Factcheckers),
        ["GET /stories/{id:guid}/replay"] = new(Anyone, s => ($"/stories/{s.StoryId}/replay", null)),
        ["GET /claims/{id:guid}"] = new(Anyone, s => ($"/claims/{s.ClaimId}", null)),
        ["POST /claims/{id:guid}/attributions"] = new(Reporters),
        ["POST /claims/{id:guid}/verdicts"] = new(Factcheckers),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/approve"] = new(Editors),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/reject"] = new(Editors),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/void"] = new(Editors),
        ["POST /claims/{id:guid}/text"] = new(Factcheckers),
        ["POST /claims/{id:guid}/text-corrections/{textCorrectionId:guid}/{decision:regex(^(approve|reject)$)}"] = new(Editors),
        ["POST /claims/{id:guid}/attributions/{attributionId:guid}/withdraw"] = new(Factcheckers),
        ["POST /claims/{id:guid}/links"] = new(Factcheckers),
        ["POST /claims/{id:guid}/links/{otherClaimId:guid}/unlink"] = new(Factcheckers),
        ["POST /claims/{id:guid}/assign"] = new(Factcheckers),
        ["POST /claims/{id:guid}/unassign"] = new(Factcheckers),
        ["POST /claims/{id:guid}/tags"] = new(Factcheckers),
        ["POST /claims/{id:guid}/notes"] = new(Reporters),
        ["POST /claims/{id:guid}/archive"] = new(Editors),
        ["POST /claims/{id:guid}/restore"] = new(Editors),
        ["GET /corrections"] = new(Anyone),
        ["GET /claims"] = new(Anyone),
        ["GET /claims/similar"] = new(Anyone),
        ["GET /verify"] = new(Auditors),
        ["GET /exports/{file}"] = new(Auditors, s => ($"/exports/claims.csv?story={s.StoryId}", null)),
        ["GET /setup"] = new(null),
        ["POST /setup"] = new(null),
        ["GET /me"] = new(Anyone),
        ["POST /me/tokens"] = new(Anyone),
        ["POST /me/tokens/{tokenId:guid}/revoke"] = new(Anyone),
        ["GET /accounts"] = new(Admins),
        ["POST /accounts"] = new(Admins),
        ["POST /accounts/{id:guid}/{action}"] = new(Admins),
    };

    /// <summary>Fills route parameters with values that match their constraints but name nothing.</summary>
    public static string Sample(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "documentName" => "v1",
            "decision" => "approve",
            "action" => "disable",
            "sequence" => "1",
            _ => Guid.NewGuid().ToString(),
        });
}
