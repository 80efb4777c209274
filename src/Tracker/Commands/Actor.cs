namespace Tracker.Commands;

/// <summary>The rights each role has (docs/api.md, Roles): each role includes what the one before it may do, except auditor and admin.</summary>
public enum Role { Reporter, Factchecker, Editor, Auditor, Admin }

/// <summary>Who is acting, for which newsroom. Decide functions receive it; they never look it up.</summary>
public sealed record Actor(Guid AccountId, string Name, string Newsroom, IReadOnlySet<Role> Roles)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>The label stored in event metadata: stable id plus the name people read.</summary>
    public string Label => $"{Name} <{AccountId}>";
}
