using Tracker.Claims;
using Tracker.Commands;
using Tracker.Store;

namespace Tracker.Accounts;

/// <summary>How an account came to hold the editor role at a moment: which admin granted it, and when.</summary>
public sealed record RoleGrant(string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>
/// Reads, from the approvers' own account histories, who made each of them an editor: an approval is only as good as
/// the grant behind it, and an auditor should not have to dig through account streams to see it.
/// </summary>
public sealed class EditorGrants(Ledger ledger, string newsroom)
{
    private readonly Dictionary<Guid, IReadOnlyList<(DateTimeOffset At, string By, bool Editor)>> histories = [];

    /// <summary>The grant that made <paramref name="accountId"/> an editor and still stood at <paramref name="at"/>; null if none did.</summary>
    public async Task<RoleGrant?> At(Guid accountId, DateTimeOffset at, CancellationToken ct = default)
    {
        if (!histories.TryGetValue(accountId, out var history))
            histories[accountId] = history = (await ledger.ReadStream(newsroom, accountId, ct: ct))
                .Select(e => e.Data switch
                {
                    AccountCreated c => (e.RecordedAt, ActorLabel.NameOf(e.Metadata.Actor), (bool?)c.Roles.Contains(Role.Editor)),
                    RolesChanged r => (e.RecordedAt, ActorLabel.NameOf(e.Metadata.Actor), (bool?)r.Roles.Contains(Role.Editor)),
                    _ => (e.RecordedAt, "", null),
                })
                .Where(x => x.Item3 is not null).Select(x => (x.RecordedAt, x.Item2, x.Item3!.Value)).ToList();
        RoleGrant? grant = null;
        var held = false;
        foreach (var (when, by, editor) in history.TakeWhile(h => h.At <= at))
        {
            // The grant that counts is the change that made the account an editor, not a later edit that kept the role.
            if (editor && !held) grant = new RoleGrant(by, when);
            if (!editor) grant = null;
            held = editor;
        }
        return grant;
    }
}
