using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Http;
using Tracker.Web.Pages;

namespace Tracker.Web;

/// <summary>
/// Setting up one's own account with a setup code, one's own tokens, and the admin's accounts page (invite, disable,
/// enable, reset a password). The same AccountService commands as the API; secrets are shown once, on the page that
/// made them, and never again.
/// </summary>
public static class AccountPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/setup", (HttpContext http, string? code) => Setup(http, code, null, null, 200)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/setup", async (HttpContext http, PostedForm form, AccountService accounts, SignInThrottle throttle) =>
        {
            var code = form.Text("setupCode");
            var password = form.Values["password"].ToString();
            if (code is null) return Setup(http, code, "Enter the setup code you were given.", null, 422);
            if (password != form.Values["confirm"].ToString()) return Setup(http, code, "The two passwords differ.", null, 422);
            var who = SignInThrottle.SetupCode(SetupCode.Hash(code));
            if (throttle.Begin(who, http.Connection.RemoteIpAddress, out var wait) is not { } attempt)
            {
                SignInThrottle.RetryAfter(http.Response, wait);
                return Setup(http, code, "Too many failed attempts. Try again later.", null, 429);
            }
            var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
            var outcome = await attempt.Check(() => accounts.Redeem(code, password, tokenId, token, http.RequestAborted),
                redeemed => redeemed is CommandOutcome.Appended);
            return outcome switch
            {
                null => Setup(http, code, "No account has this setup code. Check it, or ask an admin for a new one.", null, 404),
                CommandOutcome.Rejected r => Setup(http, code, r.Rejection.Message, null, Forms.StatusFor(r.Rejection.Kind)),
                CommandOutcome.Appended => Setup(http, null, null, new IssuedToken(tokenId, token), 200),
                _ => Setup(http, code, "Someone changed this account at the same moment; try again.", null, 409),
            };
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/me", (HttpContext http, AccountDirectory directory) => Me(http, directory, null, null, 200)).Page(Access.Anyone);
        app.MapPost("/me/tokens", async (HttpContext http, PostedForm form, AccountService accounts, AccountDirectory directory) =>
        {
            var (tokenId, token) = (Guid.CreateVersion7(), ApiToken.New());
            var outcome = await accounts.IssueOwnToken(new CommandContext(http.Actor()), tokenId, token, form.Text("name"), http.RequestAborted);
            return outcome is CommandOutcome.Rejected r
                ? await Me(http, directory, null, r.Rejection.Message, Forms.StatusFor(r.Rejection.Kind))
                : await Me(http, directory, new IssuedToken(tokenId, token), null, 200);
        }).Page(Access.Anyone);
        app.MapPost("/me/tokens/{tokenId:guid}/revoke", async (HttpContext http, Guid tokenId, PostedForm form, AccountService accounts, AccountDirectory directory) =>
        {
            var actor = http.Actor();
            var outcome = await accounts.RevokeToken(new CommandContext(actor), actor.AccountId, tokenId, http.RequestAborted);
            return outcome is CommandOutcome.Rejected r
                ? await Me(http, directory, null, r.Rejection.Message, Forms.StatusFor(r.Rejection.Kind))
                : PageResults.SeeOther("/me");
        }).Page(Access.Anyone);

        app.MapGet("/accounts", (HttpContext http, AccountDirectory directory) => Accounts(http, directory, null, null, 200)).Page(Access.Admins);
        app.MapPost("/accounts", async (HttpContext http, PostedForm form, AccountService accounts, AccountDirectory directory, TimeProvider clock) =>
        {
            var roles = form.Values["roles"].Select(r => RoleNames.TryParse(r ?? "", out var role) ? (Role?)role : null).OfType<Role>().ToList();
            var invite = NewInvite.Prepare(form.Text("name"), roles, clock.GetUtcNow());
            var outcome = await accounts.Invite(new CommandContext(http.Actor()), invite, http.RequestAborted);
            return outcome is CommandOutcome.Rejected r
                ? await Accounts(http, directory, null, r.Rejection.Message, Forms.StatusFor(r.Rejection.Kind))
                : await Accounts(http, directory, new AccountsPage.NewCode(invite.Name, invite.SetupCode, invite.ExpiresAt), null, 200);
        }).Page(Access.Admins);
        app.MapPost("/accounts/{id:guid}/{action}", async (HttpContext http, Guid id, string action, PostedForm form, AccountService accounts,
            AccountDirectory directory, TimeProvider clock) =>
        {
            var context = new CommandContext(http.Actor());
            var code = NewInvite.Prepare(null, [], clock.GetUtcNow());
            var outcome = action switch
            {
                "disable" => await accounts.Disable(context, id, form.Text("reason") ?? "", http.RequestAborted),
                "enable" => await accounts.Enable(context, id, http.RequestAborted),
                "reset" => await accounts.ResetPassword(context, id, code, http.RequestAborted),
                _ => null,
            };
            return outcome switch
            {
                null => PageResults.NotFound(http, "account"),
                CommandOutcome.Rejected r => await Accounts(http, directory, null, r.Rejection.Message, Forms.StatusFor(r.Rejection.Kind)),
                _ when action == "reset" => await Accounts(http, directory,
                    new AccountsPage.NewCode((await directory.FindById(context.By.Newsroom, id, http.RequestAborted))?.Name ?? "", code.SetupCode, code.ExpiresAt), null, 200),
                _ => PageResults.SeeOther("/accounts"),
            };
        }).Page(Access.Admins);
    }

    private static IResult Setup(HttpContext http, string? code, string? error, IssuedToken? issued, int status)
    {
        WebAccess.SecurityHeaders(http.Response);
        return PageResults.Render<SetupPage>(new { Code = code, Error = error, Issued = issued }, status);
    }

    private static async Task<IResult> Me(HttpContext http, AccountDirectory directory, IssuedToken? issued, string? error, int status)
    {
        var viewer = new Viewer(http.Actor());
        var tokens = await directory.Tokens(viewer.Actor.Newsroom, viewer.Actor.AccountId, http.RequestAborted);
        return PageResults.Render<MyAccountPage>(new { Viewer = viewer, Tokens = tokens, Issued = issued, Error = error }, status);
    }

    private static async Task<IResult> Accounts(HttpContext http, AccountDirectory directory, AccountsPage.NewCode? secret, string? error, int status)
    {
        var viewer = new Viewer(http.Actor());
        var accounts = await directory.List(viewer.Actor.Newsroom, http.RequestAborted);
        return PageResults.Render<AccountsPage>(new { Viewer = viewer, Accounts = accounts, Secret = secret, Error = error }, status);
    }
}
