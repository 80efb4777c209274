using System.Security.Claims;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Http;

/// <summary>The signed-in account as an <see cref="Actor"/>, rebuilt from the principal's claims.</summary>
public static class HttpActor
{
    public const string NewsroomClaim = "newsroom";

    public static Actor Actor(this HttpContext http) => From(http.User)
        ?? throw new InvalidOperationException("This endpoint requires authorization; no actor is signed in.");

    public static Actor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var newsroom = user.FindFirstValue(NewsroomClaim);
        if (!Guid.TryParse(id, out var accountId) || newsroom is null) return null;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => RoleNames.TryParse(c.Value, out var r) ? (Role?)r : null)
            .OfType<Role>().ToHashSet();
        return new Actor(accountId, user.FindFirstValue(ClaimTypes.Name) ?? "", newsroom, roles);
    }

    public static ClaimsPrincipal Principal(Actor actor, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.AccountId.ToString()),
            new(ClaimTypes.Name, actor.Name),
            new(NewsroomClaim, actor.Newsroom),
        };
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, RoleNames.Name(r))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
