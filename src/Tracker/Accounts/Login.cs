using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Tracker.Http;

namespace Tracker.Accounts;

/// <summary>Name-and-password sign-in for the web workbench: a cookie carrying the same claims a token would.</summary>
public static class Login
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, returnUrl, null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/login", async (HttpContext http, IAntiforgery antiforgery, AccountDirectory accounts, TimeProvider clock,
            [FromForm] string? newsroom, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            var rooms = await accounts.Newsrooms(http.RequestAborted);
            var room = string.IsNullOrWhiteSpace(newsroom) && rooms.Count == 1 ? rooms[0].Slug : newsroom?.Trim();
            var actor = room is null || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password)
                ? null
                : await accounts.CheckPassword(room, name.Trim(), password, http.RequestAborted);
            if (actor is null)
                return Page(http, antiforgery, returnUrl, "That name and password do not match an account.", StatusCodes.Status401Unauthorized);

            var session = await accounts.StartSession(actor, clock.GetUtcNow(), http.RequestAborted);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                HttpActor.Principal(actor, CookieAuthenticationDefaults.AuthenticationScheme, session));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http, AccountDirectory accounts, TimeProvider clock) =>
        {
            var signedIn = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (signedIn.Principal?.SessionId() is { } session) await accounts.EndSession(session, clock.GetUtcNow(), http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    /// <summary>The workbench's sign-in page; <paramref name="antiforgery"/> stores the token pair the form posts back.</summary>
    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = 200)
    {
        antiforgery.GetAndStoreTokens(http);
        Web.WebAccess.SecurityHeaders(http.Response);
        return Web.PageResults.Render<Web.Pages.LoginPage>(new { ReturnUrl = returnUrl, Error = error }, status);
    }
}
