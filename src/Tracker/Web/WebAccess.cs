using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Http;

namespace Tracker.Web;

/// <summary>Marks the workbench's routes, so tests can hold every one of them to the newsroom-isolation rule.</summary>
public sealed class WorkbenchPage
{
    public static readonly WorkbenchPage Instance = new();
}

/// <summary>
/// Who may open a workbench page. People sign in with the cookie; a program holding an API token may read the
/// same pages with it. Browsers are sent to the sign-in page, programs get the API's 401 and 403 problems.
/// </summary>
public static class WebAccess
{
    /// <summary>Forwards to the bearer scheme when the request carries an Authorization header, otherwise to the cookie.</summary>
    public const string SchemeName = "Workbench";

    public static void AddScheme(IServiceCollection services)
    {
        services.AddAuthentication().AddPolicyScheme(SchemeName, "Cookie or token", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.Count > 0 ? BearerAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.Events.OnRedirectToLogin = context => IsBrowser(context.Request)
                ? Redirect(context)
                : Problems.Problem(401, "unauthenticated", "Sign in first.").ExecuteAsync(context.HttpContext);
            o.Events.OnRedirectToAccessDenied = context => IsBrowser(context.Request)
                ? PageResults.Message(context.HttpContext, 403, "Your role does not allow this",
                    "Your account's roles do not allow this action. Ask an editor or an admin if you need it.").ExecuteAsync(context.HttpContext)
                : Problems.Problem(403, "role_required", "Your account's roles do not allow this.").ExecuteAsync(context.HttpContext);
        });
    }

    /// <summary>Like <see cref="Access.Allow"/>, for pages: the same role sets, reachable with the cookie.</summary>
    public static TBuilder Page<TBuilder>(this TBuilder builder, Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(RoleNames.ToArray(roles)))
            .WithMetadata(new AllowedRoles(roles.ToHashSet()), WorkbenchPage.Instance)
            .AddEndpointFilter(async (context, next) =>
            {
                SecurityHeaders(context.HttpContext.Response);
                return await next(context);
            })
            .ExcludeFromDescription();

    /// <summary>A person's browser asks for HTML; API clients and scripts ask for JSON or anything.</summary>
    public static bool IsBrowser(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Pages load only their own script and style: no inline code, no framing, forms post only here.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        // A form sent after the session ended: its address only takes posts, so coming back to it after signing in was a
        // 405. Back to the page the form was on (this site's, as the browser says), or the board.
        var back = Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) ? referer.PathAndQuery : "/";
        context.Response.Redirect(context.Options.LoginPath + QueryString.Create(context.Options.ReturnUrlParameter, back));
        return Task.CompletedTask;
    }
}
