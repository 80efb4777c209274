using System.Net;
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

        app.MapPost("/login", async (HttpContext http, IAntiforgery antiforgery, AccountDirectory accounts,
            [FromForm] string? newsroom, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            var rooms = await accounts.Newsrooms(http.RequestAborted);
            var room = string.IsNullOrWhiteSpace(newsroom) && rooms.Count == 1 ? rooms[0].Slug : newsroom?.Trim();
            var actor = room is null || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password)
                ? null
                : await accounts.CheckPassword(room, name.Trim(), password, http.RequestAborted);
            if (actor is null)
                return Page(http, antiforgery, returnUrl, "That name and password do not match an account.", StatusCodes.Status401Unauthorized);

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                HttpActor.Principal(actor, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · Tracker</title></head>
            <body><main>
            <h1>Sign in to Tracker</h1>
            {(error is null ? "" : $"<p role=\"alert\" id=\"login-error\">{E(error)}</p>")}
            <form method="post" action="/login">
              <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
              <p><label for="newsroom">Newsroom</label> <input id="newsroom" name="newsroom" autocomplete="organization" placeholder="only needed if there are several"></p>
              <p><label for="name">Name</label> <input id="name" name="name" autocomplete="username" required autofocus></p>
              <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
              <p><button type="submit">Sign in</button></p>
            </form>
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
