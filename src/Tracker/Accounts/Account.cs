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

    /// <summary>The setup code that may still be redeemed (its hash and expiry), if any.</summary>
    public PendingSetup? Setup { get; init; }

    public static Account Initial => new(Guid.Empty, "", [], ImmutableDictionary<Guid, bool>.Empty);

    [JasperFxIgnore] // folded by Tracker's own projections, not by an evolver Marten generates
    public static Account Evolve(Account state, StoredEvent e) => e.Data switch
    {
        AccountCreated c => state with { Id = c.AccountId, Name = c.Name, Roles = [.. c.Roles] },
        RolesChanged r => state with { Roles = [.. r.Roles] },
        TokenIssued t => state with { TokensRevoked = state.TokensRevoked.SetItem(t.TokenId, false) },
        TokenRevoked t => state with { TokensRevoked = state.TokensRevoked.SetItem(t.TokenId, true) },
        SetupCodeIssued c => state with { Setup = new PendingSetup(c.Hash, c.ExpiresAt) },
        AccountSetUp => state with { Setup = null },
        PasswordReset => state with { Setup = null, TokensRevoked = state.TokensRevoked.ToImmutableDictionary(t => t.Key, _ => true) },
        AccountDisabled => state with { IsDisabled = true },
        AccountEnabled => state with { IsDisabled = false },
        _ => state,
    };
}

/// <summary>A setup code not yet redeemed: what the person must present, and until when.</summary>
public sealed record PendingSetup(string Hash, DateTimeOffset ExpiresAt);
