using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Accounts;

public sealed record AccountCreated(Guid AccountId, string Name, IReadOnlyList<Role> Roles);

/// <summary>Who granted whom which rights is history: the granting admin is the event's actor.</summary>
public sealed record RolesChanged(IReadOnlyList<Role> Roles);

/// <summary>Only the SHA-256 of the token is kept; the token itself is shown once. The name says what it is for ("laptop").</summary>
public sealed record TokenIssued(Guid TokenId, string Hash, string? Name = null);

/// <summary>
/// A one-time code the person redeems to set their own password and take their first token: nobody else ever holds
/// a credential of theirs. Only its SHA-256 is kept (the code has 128 random bits); it expires.
/// </summary>
public sealed record SetupCodeIssued(string Hash, DateTimeOffset ExpiresAt);

/// <summary>The person redeemed their setup code; the same append sets their password and issues their first token.</summary>
public sealed record AccountSetUp;

/// <summary>An admin reset the password: the old password, every token and every session stop working at once.</summary>
public sealed record PasswordReset;

public sealed record TokenRevoked(Guid TokenId);

/// <summary>Its tokens, sessions and setup codes stop working on the next request; the record stays.</summary>
public sealed record AccountDisabled(string Reason);

public sealed record AccountEnabled;

/// <summary>A password was set. The hash itself lives outside the exportable ledger (see AccountsProjection).</summary>
public sealed record PasswordSet;

public static class AccountEventTypes
{
    public const string StreamType = "account";

    public static void Register(EventTypeRegistry types) => types
        .Register<AccountCreated>("account_created")
        .Register<RolesChanged>("roles_changed")
        .Register<TokenIssued>("token_issued")
        .Register<TokenRevoked>("token_revoked")
        .Register<PasswordSet>("password_set")
        .Register<SetupCodeIssued>("setup_code_issued")
        .Register<AccountSetUp>("account_set_up")
        .Register<PasswordReset>("password_reset")
        .Register<AccountDisabled>("account_disabled")
        .Register<AccountEnabled>("account_enabled");
}
