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

    [Theory]
    [InlineData("http://localhost/claims/01a1fd1a-6c01-7d5e-8f4e-2b1c9a7d3e10?tab=history", "/claims/01a1fd1a-6c01-7d5e-8f4e-2b1c9a7d3e10?tab=history")]
    [InlineData("http://evil.example/claims", "/")]
    [InlineData(null, "/")]
    public async Task A_form_sent_after_the_session_ended_leads_back_to_its_page_not_to_its_post_only_address(string? referer, string back)
    {
        var browser = app.Client();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/claims/01a1fd1a-6c01-7d5e-8f4e-2b1c9a7d3e10/notes")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("text", "A note typed before the session ended")]),
        };
        if (referer is not null) request.Headers.Referrer = new Uri(referer);

        var answer = await browser.SendAsync(request);

        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = new Uri(new Uri("http://localhost"), answer.Headers.Location!);
        location.AbsolutePath.ShouldBe("/login");
        System.Web.HttpUtility.ParseQueryString(location.Query)["ReturnUrl"].ShouldBe(back);
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
