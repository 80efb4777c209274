using Tracker.Claims;
using Tracker.Store;

namespace Tracker.Accounts;

/// <summary>
/// Whoever was given an account's last setup code (the admin who created it, or who last reset its password) could have
/// redeemed it and so could hold the account. An account created with a password (first start) or by the operator's CLI
/// was set up by nobody else.
/// </summary>
public static class SetUpBy
{
    /// <summary>
    /// True when <paramref name="holder"/> issued the code that set up <paramref name="account"/>, directly or through
    /// accounts it set up in turn: whatever that account does, the holder may be the one doing it.
    /// </summary>
    public static async Task<bool> CouldHold(Ledger ledger, string newsroom, Guid holder, Guid account, CancellationToken ct = default)
    {
        var seen = new HashSet<Guid>();
        for (Guid? at = account; at is { } id && id != Guid.Empty && seen.Add(id);)
        {
            var issued = (await ledger.ReadStream(newsroom, id, ct: ct)).LastOrDefault(e => e.Data is SetupCodeIssued);
            at = issued is null ? null : ActorLabel.IdOf(issued.Metadata.Actor);
            if (at == holder) return true;
        }
        return false;
    }
}
