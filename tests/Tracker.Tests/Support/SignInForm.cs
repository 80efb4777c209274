using System.Net;
using System.Text.RegularExpressions;

namespace Tracker.Tests.Support;

/// <summary>The workbench's sign-in form as a browser posts it: the page first (antiforgery cookie and token), then the form.</summary>
public static partial class SignInForm
{
    public static async Task<HttpResponseMessage> SignIn(this HttpClient client, string name, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.FormToken("/login"),
            ["name"] = name,
            ["password"] = password,
        };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        return await client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of the first form on a page (the client keeps the matching cookie).</summary>
    public static async Task<string> FormToken(this HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenField().Match(html);
        match.Success.ShouldBeTrue($"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
