using Tracker.Commands;

namespace Tracker.Accounts;

/// <summary>Roles as people and the API write them: reporter, factchecker, editor, auditor, admin.</summary>
public static class RoleNames
{
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static string[] ToArray(IEnumerable<Role> roles) => roles.Select(Name).ToArray();

    public static bool TryParse(string? name, out Role role) =>
        Enum.TryParse(name, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(name, out _);

    public static IReadOnlySet<Role> Parse(IEnumerable<string> names) =>
        names.Select(n => TryParse(n, out var r) ? r : throw new FormatException($"Unknown role '{n}'.")).ToHashSet();

    public static string All => string.Join(", ", Enum.GetValues<Role>().Select(Name));
}
