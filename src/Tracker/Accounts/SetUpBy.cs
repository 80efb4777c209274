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
    /// <remarks>
    /// Each step asks who could hold the issuer when it issued the code, not now: two admins that reset each other
    /// afterwards would otherwise make a loop that never leads back to whoever set them both up. Every step goes back
    /// in the sequence, so the walk ends.
    /// </remarks>
    public static async Task<bool> CouldHold(Ledger ledger, string newsroom, Guid holder, Guid account, CancellationToken ct = default)
    {
        var before = long.MaxValue;
        for (Guid? at = account; at is { } id && id != Guid.Empty;)
        {
            var issued = (await ledger.ReadStream(newsroom, id, ct: ct)).LastOrDefault(e => e.Data is SetupCodeIssued && e.Sequence < before);
            if (issued is null) return false;
            at = ActorLabel.IdOf(issued.Metadata.Actor);
            if (at == holder) return true;
            before = issued.Sequence;
        }
        return false;
    }
}
