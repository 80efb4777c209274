using System.Net;
using Tracker.Commands;

namespace Tracker.Tests.Support;

/// <summary>A person of the newsroom who signed in to the workbench with a password: a client that keeps the cookie and asks for pages.</summary>
public static class SignedInBrowser
{
    public const string Password = "a long passphrase for the workbench";

    public static async Task<HttpClient> SignedInBrowserAs(this TrackerAppFactory app, Role role, string name = "Wren")
    {
        var unique = $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];
        await SignUp.Create(app.Admin, app.Client(), unique, [role], Password);
        var browser = app.Client();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        (await browser.SignIn(unique, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }
}
