using JasperFx.Core;
using System.Collections.Immutable;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Accounts;

/// <summary>What account decisions need: the name, the roles, and which tokens are live.</summary>
public sealed record Account(Guid Id, string Name, ImmutableHashSet<Role> Roles, ImmutableDictionary<Guid, bool> TokensRevoked)
    : IEvolvingState<Account>
{
    public bool IsDisabled { get; init; }

    public static Account Initial => new(Guid.Empty, "", [], ImmutableDictionary<Guid, bool>.Empty);

    [JasperFxIgnore] // folded by Tracker's own projections, not by an evolver Marten generates
    public static Account Evolve(Account state, StoredEvent e) => e.Data switch
    {
        AccountCreated c => state with { Id = c.AccountId, Name = c.Name, Roles = [.. c.Roles] },
        RolesChanged r => state with { Roles = [.. r.Roles] },
        TokenIssued t => state with { TokensRevoked = state.TokensRevoked.SetItem(t.TokenId, false) },
        TokenRevoked t => state with { TokensRevoked = state.TokensRevoked.SetItem(t.TokenId, true) },
        AccountDisabled => state with { IsDisabled = true },
        AccountEnabled => state with { IsDisabled = false },
        _ => state,
    };
}
