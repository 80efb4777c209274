using Wolverine.Http;

namespace Tracker.Http;

/// <summary>
/// Middleware on every Wolverine endpoint (TrackerApp.MapWolverine): the Marten session's tenant, which Wolverine takes
/// from the token's newsroom claim, must be the newsroom the signed-in account belongs to now. Wolverine's detection
/// alone is not a membership check; applied as a policy, no endpoint added later can forget it.
/// </summary>
public static class NewsroomMembership
{
    public static IResult Before(HttpContext http, Wolverine.IMessageContext context) =>
        http.Actor().Newsroom == context.TenantId ? WolverineContinue.Result() : Problems.NotFound();
}
