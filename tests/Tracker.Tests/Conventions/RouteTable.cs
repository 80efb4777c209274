using Tracker.Commands;

namespace Tracker.Tests.Conventions;

/// <summary>Ids that exist in the first newsroom, for asking the second one about them.</summary>
public sealed record Seeds(Guid AccountId, Guid TokenId);

/// <summary>
/// Who may call a route (null: anyone, signed in or not), and for routes that name a resource, a real
/// request against the first newsroom's data (path and a valid body) that another newsroom must get 404 for.
/// </summary>
public sealed record RouteRule(Role[]? Allowed, Func<Seeds, (string Path, object? Body)>? Foreign = null);

/// <summary>
/// Every route the app maps, with the roles domain.md gives it. Written out here, not read from the app,
/// so a wrong grant in the app fails a test. A route the app maps without a line here fails the suite.
/// </summary>
public static class RouteTable
{
    private static readonly Role[] Anyone = [Role.Reporter, Role.Factchecker, Role.Editor, Role.Auditor, Role.Admin];
    private static readonly Role[] Admins = [Role.Admin];

    public static readonly Dictionary<string, RouteRule> Rules = new()
    {
        ["GET /health"] = new(null),
        ["GET /openapi/{documentName}.json"] = new(null),
        ["GET /login"] = new(null),
        ["POST /login"] = new(null),
        ["POST /logout"] = new(null),

        ["GET /api/me"] = new(Anyone),
        ["GET /api/accounts"] = new(Admins),
        ["POST /api/accounts"] = new(Admins),
        ["POST /api/accounts/{id:guid}/roles"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/roles", new { roles = new[] { "editor" } })),
        ["POST /api/accounts/{id:guid}/tokens"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/tokens", null)),
        ["POST /api/accounts/{id:guid}/tokens/{tokenId:guid}/revoke"] = new(Admins, s => ($"/api/accounts/{s.AccountId}/tokens/{s.TokenId}/revoke", null)),

        // The web workbench (src/Tracker/Web): pages sign in with the cookie or a token; another newsroom's ids are
        // checked in Tracker.Tests/Web/WorkbenchIsolationTests, which posts the forms with a signed-in session.
        ["GET /web/{file}"] = new(null),
        ["GET /"] = new(Anyone),
        ["POST /stories"] = new([Role.Reporter, Role.Factchecker, Role.Editor]),
        ["GET /stories/{id:guid}"] = new(Anyone),
        ["POST /stories/{id:guid}/claims"] = new([Role.Reporter, Role.Factchecker, Role.Editor]),
        ["POST /stories/{id:guid}/sources"] = new([Role.Reporter, Role.Factchecker, Role.Editor]),
        ["GET /stories/{id:guid}/replay"] = new(Anyone),
        ["GET /claims/{id:guid}"] = new(Anyone),
        ["POST /claims/{id:guid}/attributions"] = new([Role.Reporter, Role.Factchecker, Role.Editor]),
        ["POST /claims/{id:guid}/verdicts"] = new([Role.Factchecker, Role.Editor]),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/approve"] = new([Role.Editor]),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/reject"] = new([Role.Editor]),
        ["POST /claims/{id:guid}/verdicts/{verdictId:guid}/void"] = new([Role.Editor]),
        ["POST /claims/{id:guid}/text"] = new([Role.Factchecker, Role.Editor]),
        ["GET /corrections"] = new(Anyone),
        ["GET /verify"] = new([Role.Auditor, Role.Editor]),
    };

    /// <summary>Fills route parameters with values that match their constraints but name nothing.</summary>
    public static string Sample(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value == "documentName" ? "v1" : Guid.NewGuid().ToString());
}
