using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>Issue 17, item 6: over HTTPS the sign-in and antiforgery cookies are Secure, so they never travel in clear text.</summary>
public sealed class SecureCookieTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Over_https_every_cookie_is_secure()
    {
        var name = await Person();
        var browser = app.CreateClient(new Uri("https://tracker.example"));

        var page = await browser.GetAsync("/login");
        var signedIn = await browser.SignIn(name, Password);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookies = Cookies(page).Concat(Cookies(signedIn)).ToList();
        cookies.ShouldContain(c => c.StartsWith("tracker="));
        cookies.ShouldContain(c => c.StartsWith(".AspNetCore.Antiforgery."));
        cookies.ShouldAllBe(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_plain_http_on_a_laptop_sign_in_still_works()
    {
        var name = await Person();

        var signedIn = await app.Client().SignIn(name, Password);

        Cookies(signedIn).ShouldContain(c => c.StartsWith("tracker=") && !c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private async Task<string> Person()
    {
        var name = "Cora " + Guid.NewGuid().ToString("N")[..8];
        await SignUp.Reporter(app.Admin, app.Client(), name, Password);
        return name;
    }

}
