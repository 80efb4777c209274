using Tracker.Accounts;
using Tracker.Commands;

namespace Tracker.Http;

/// <summary>The roles a route admits, as endpoint metadata: the authorization policy and the access tests both read it.</summary>
public sealed record AllowedRoles(IReadOnlySet<Role> Roles);

/// <summary>What each role may do (docs/api.md, Roles). Editors include fact-checkers, fact-checkers include reporters.</summary>
public static class Access
{
    public static readonly Role[] Anyone = Enum.GetValues<Role>();
    public static readonly Role[] Reporters = [Role.Reporter, Role.Factchecker, Role.Editor];
    public static readonly Role[] Factcheckers = [Role.Factchecker, Role.Editor];
    public static readonly Role[] Editors = [Role.Editor];
    public static readonly Role[] Auditors = [Role.Auditor, Role.Editor];
    public static readonly Role[] Admins = [Role.Admin];
    /// <summary>Who may take, list and check signed checkpoints: auditors and editors, and admins, who run the installation.</summary>
    public static readonly Role[] Checkpoints = [Role.Auditor, Role.Editor, Role.Admin];

    public static TBuilder Allow<TBuilder>(this TBuilder builder, Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(BearerAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(RoleNames.ToArray(roles)))
            .WithMetadata(new AllowedRoles(roles.ToHashSet()));
}
