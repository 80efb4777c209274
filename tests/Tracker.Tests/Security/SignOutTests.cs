using System.Net;
using System.Net.Http.Json;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>Issue 17, item 6: signing out takes the form's antiforgery token, so another site cannot sign people out.</summary>
public sealed class SignOutTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Sign_out_without_the_forms_token_is_refused_and_the_session_goes_on()
    {
        var browser = await SignedIn();

        var forged = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, "still signed in");
    }

    [Fact]
    public async Task Sign_out_with_the_forms_token_ends_the_session_in_the_browser()
    {
        var browser = await SignedIn();
        var token = await browser.FormToken("/");

        var signedOut = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.OriginalString.ShouldBe("/login");
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the cookie is gone");
    }

    private async Task<HttpClient> SignedIn()
    {
        var name = "Otto " + Guid.NewGuid().ToString("N")[..8];
        await SignUp.Reporter(app.Admin, app.Client(), name, Password);
        var browser = app.Client();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        (await browser.SignIn(name, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

}
