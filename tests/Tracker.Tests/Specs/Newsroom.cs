using Tracker.Commands;

namespace Tracker.Tests.Specs;

/// <summary>The desk the specs happen in: one of each role, and a second editor for sign-off.</summary>
public static class Newsroom
{
    public const string Name = "prairie-desk";

    public static readonly Actor Rosa = Account("Rosa Reporter", Role.Reporter);
    public static readonly Actor Farid = Account("Farid Factchecker", Role.Reporter, Role.Factchecker);
    public static readonly Actor Ada = Account("Ada Editor", Role.Reporter, Role.Factchecker, Role.Editor);
    public static readonly Actor Ed = Account("Ed Itor", Role.Reporter, Role.Factchecker, Role.Editor);
    public static readonly Actor Audrey = Account("Audrey Auditor", Role.Auditor);

    private static Actor Account(string name, params Role[] roles) => new(Guid.NewGuid(), name, Name, roles.ToHashSet());
}
