using System.Security.Claims;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Http;

/// <summary>The signed-in account as an <see cref="Actor"/>, rebuilt from the principal's claims.</summary>
public static class HttpActor
{
    public const string NewsroomClaim = "newsroom";

    /// <summary>A workbench cookie's session id: every request checks the session is still open (AccountDirectory.FindBySession).</summary>
    public const string SessionClaim = "sid";

    public static Guid? SessionId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : null;

    /// <summary>The database holding the signed-in newsroom's data (its own, when it was placed on one).</summary>
    public static Npgsql.NpgsqlDataSource NewsroomDatabase(this HttpContext http) =>
        http.RequestServices.GetRequiredService<Store.Ledger>().For(http.Actor().Newsroom);

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

    public static ClaimsPrincipal Principal(Actor actor, string scheme, Guid? session = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.AccountId.ToString()),
            new(ClaimTypes.Name, actor.Name),
            new(NewsroomClaim, actor.Newsroom),
        };
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, RoleNames.Name(r))));
        if (session is { } id) claims.Add(new(SessionClaim, id.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
