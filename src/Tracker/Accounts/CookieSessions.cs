using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Tracker.Http;

namespace Tracker.Accounts;

/// <summary>
/// Workbench cookies are checked against the account's current state on every request, as tokens are: an ended
/// session (signed out) or one older than a week (AccountDirectory.MaxSessionAge), a disabled account or a cookie without a session is refused, and the roles are the ones the
/// account holds now, not the ones it held when it signed in.
/// </summary>
public static class CookieSessions
{
    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var directory = context.HttpContext.RequestServices.GetRequiredService<AccountDirectory>();
        var session = context.Principal?.SessionId();
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var actor = session is { } id ? await directory.FindBySession(id, now, context.HttpContext.RequestAborted) : null;
        if (actor is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(HttpActor.Principal(actor, CookieAuthenticationDefaults.AuthenticationScheme, session));
    }
}
