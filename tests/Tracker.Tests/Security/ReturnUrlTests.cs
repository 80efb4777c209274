using System.Net;
using System.Net.Http.Json;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>Issue 17, item 6: after sign-in, a returnUrl that is not a plain path on this site leads to "/", never elsewhere and never a 500.</summary>
public sealed class ReturnUrlTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData("/claims\u0001")]
    [InlineData("/stories\r\nSet-Cookie: tracker=forged")]
    [InlineData("/\t/evil.example")]
    [InlineData("http://evil.example/")]
    [InlineData("https:evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData(" /stories")]
    [InlineData("/café")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_that_is_not_a_local_path_leads_home(string returnUrl)
    {
        var name = await Person();

        var signedIn = await app.Client().SignIn(name, Password, returnUrl);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        signedIn.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task A_local_path_is_where_sign_in_leads()
    {
        var name = await Person();

        var signedIn = await app.Client().SignIn(name, Password, "/stories?source=a%20b#claims");

        signedIn.Headers.Location!.OriginalString.ShouldBe("/stories?source=a%20b#claims");
    }

    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("/claims\u0001")]
    public async Task The_sign_in_page_does_not_carry_a_foreign_return_url(string returnUrl)
    {
        var page = await app.Client().GetAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("name=\"returnUrl\" value=\"/\"");
    }

    private async Task<string> Person()
    {
        var name = "Rita " + Guid.NewGuid().ToString("N")[..8];
        await SignUp.Reporter(app.Admin, app.Client(), name, Password);
        return name;
    }

}
