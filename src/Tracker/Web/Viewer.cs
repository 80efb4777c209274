using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Web;

/// <summary>The signed-in account as the pages see it: which controls to show. The routes refuse the same roles anyway.</summary>
public sealed record Viewer(Actor Actor)
{
    public bool CanLog => Access.Reporters.Any(Actor.Has);
    public bool CanCheck => Access.Factcheckers.Any(Actor.Has);
    public bool CanEdit => Access.Editors.Any(Actor.Has);
    public bool CanAudit => Access.Auditors.Any(Actor.Has);

    public string RoleList => string.Join(", ", Actor.Roles.Order().Select(r => Accounts.RoleNames.Name(r)));
}
