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

        app.MapPost("/login", async (HttpContext http, IAntiforgery antiforgery, AccountDirectory accounts, SignInThrottle throttle, TimeProvider clock,
            [FromForm] string? newsroom, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            // The newsroom may be left out when the name is unique across newsrooms; slugs are matched in any letter case.
            if (throttle.Refusal(SignInThrottle.Account(newsroom, name), http.Connection.RemoteIpAddress) is { } early)
                return Refused(http, antiforgery, returnUrl, early);
            var rooms = await accounts.Newsrooms(http.RequestAborted);
            string? room;
            if (string.IsNullOrWhiteSpace(newsroom))
            {
                var having = string.IsNullOrWhiteSpace(name) ? [] : await accounts.NewsroomsWithAccount(name, http.RequestAborted);
                room = rooms.Count == 1 ? rooms[0].Slug : having.Count == 1 ? having[0] : null;
            }
            else
            {
                room = rooms.FirstOrDefault(r => string.Equals(r.Slug, newsroom.Trim(), StringComparison.OrdinalIgnoreCase)).Slug;
                if (room is null)
                {
                    // Counted like a wrong password, so newsroom names cannot be probed at speed.
                    throttle.Failed(SignInThrottle.Account(newsroom, name), http.Connection.RemoteIpAddress);
                    return Page(http, antiforgery, returnUrl, $"There is no newsroom '{newsroom.Trim()}'. Check its short name.", StatusCodes.Status401Unauthorized);
                }
            }
            var who = SignInThrottle.Account(room, name);
            var address = http.Connection.RemoteIpAddress;
            if (throttle.Begin(who, address, out var wait) is not { } attempt) return Refused(http, antiforgery, returnUrl, wait);

            var actor = await attempt.Check(async () =>
            {
                if (room is not null && !string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(password))
                    return await accounts.CheckPassword(room, name.Trim(), password, http.RequestAborted);
                // As long as a password check: how fast the answer comes must not tell which names exist, in which newsrooms.
                accounts.SpendAsOnAPassword(password ?? "");
                return null;
            }, found => found is not null);
            if (actor is null)
            {
                // The same words whatever the name: the hint depends on what was typed, not on which names exist where.
                return Page(http, antiforgery, returnUrl, rooms.Count > 1 && string.IsNullOrWhiteSpace(newsroom)
                    ? "That name and password do not match an account. If you belong to several newsrooms, enter your newsroom too."
                    : "That name and password do not match an account.", StatusCodes.Status401Unauthorized);
            }

            var session = await accounts.StartSession(actor, clock.GetUtcNow(), http.RequestAborted);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                HttpActor.Principal(actor, CookieAuthenticationDefaults.AuthenticationScheme, session));
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, AccountDirectory accounts, TimeProvider clock) =>
        {
            // The workbench's own form carries the token; without it another site could sign people out. The token
            // names the signed-in person, and this route is anonymous: read the cookie before checking it.
            var signedIn = (await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal;
            if (signedIn is { } person) http.User = person;
            if (!await antiforgery.IsRequestValidAsync(http))
                return Web.PageResults.Message(http, StatusCodes.Status400BadRequest, "Sign out from the page",
                    "This request to sign out did not come from a Tracker page. Use the Sign out button.");
            // Ending the session on the server makes a copy of the cookie worthless.
            if (signedIn?.SessionId() is { } session) await accounts.EndSession(session, clock.GetUtcNow(), http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Refused(HttpContext http, IAntiforgery antiforgery, string? returnUrl, TimeSpan wait)
    {
        Telemetry.TrackerMetrics.SignInFailed("throttled");
        var seconds = SignInThrottle.RetryAfter(http.Response, wait);
        return Page(http, antiforgery, returnUrl,
            $"Too many failed sign-ins. Try again in {(seconds + 59) / 60} minute{((seconds + 59) / 60 == 1 ? "" : "s")}.", StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// Where to go after signing in: a path on this site, else "/". Only printable ASCII and no backslash: browsers drop
    /// tabs and line breaks (so "/\t/evil.example" leads to another site), a control character made LocalRedirect throw
    /// (a 500), and Kestrel refuses other characters in a Location header. Paths the app builds are percent-encoded.
    /// </summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
            && url.All(c => c is > ' ' and < '\x7f' and not '\\') ? url : "/";

    /// <summary>The workbench's sign-in page; <paramref name="antiforgery"/> stores the token pair the form posts back.</summary>
    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = 200)
    {
        antiforgery.GetAndStoreTokens(http);
        Web.WebAccess.SecurityHeaders(http.Response);
        return Web.PageResults.Render<Web.Pages.LoginPage>(new { ReturnUrl = LocalPath(returnUrl), Error = error }, status);
    }
}
