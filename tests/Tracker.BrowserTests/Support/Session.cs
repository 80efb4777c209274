using System.Net;
using System.Text.RegularExpressions;

namespace Tracker.BrowserTests.Support;

/// <summary>A signed-in cookie session over plain HTTP: what a browser sends, without the browser.</summary>
public sealed partial class Session(HttpClient client) : IDisposable
{
    public HttpClient Client => client;

    public static async Task<Session> SignIn(WorkbenchServer server, Person person)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(server.BaseUrl),
        };
        var session = new Session(client);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await session.Token("/login"),
            ["newsroom"] = person.Newsroom,
            ["name"] = person.Name,
            ["password"] = person.Password,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return session;
    }

    /// <summary>The antiforgery token a page's forms carry.</summary>
    public async Task<string> Token(string page = "/")
    {
        var html = await client.GetStringAsync(page);
        return TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {page}.");
    }

    public Task<HttpResponseMessage> Post(string path, string token, IDictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = token };
        return client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
