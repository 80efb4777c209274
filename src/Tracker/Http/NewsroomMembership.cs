using Wolverine.Http;

namespace Tracker.Http;

/// <summary>
/// Middleware on every Wolverine endpoint (TrackerApp.MapWolverine). Membership itself is checked when the principal is
/// built, per request, from the account as the database holds it now (BearerAuthentication, the cookie's session check).
/// This guard ties Wolverine's own tenant detection, which opens the Marten session, to that principal's newsroom: today
/// both read the same claim, and if detection ever changed (a route value, a header), no endpoint would open another
/// newsroom's session. Applied as a policy, no endpoint added later can forget it.
/// </summary>
public static class NewsroomMembership
{
    public static IResult Before(HttpContext http, Wolverine.IMessageContext context) =>
        http.Actor().Newsroom == context.TenantId ? WolverineContinue.Result() : Problems.NotFound();
}
