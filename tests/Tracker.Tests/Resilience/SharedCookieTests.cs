using System.Net;
using System.Text.RegularExpressions;
using Tracker.Hosting;
using Tracker.Testing;
using Tracker.Tests.Support;

namespace Tracker.Tests.Resilience;

/// <summary>
/// Two app nodes on one database: a workbench cookie signed by one is accepted by the other, because the key ring that
/// signs cookies and antiforgery tokens lives in the database, not in each node's home folder.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed partial class SharedCookieTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-cookies-").FullName;
    private readonly List<AppProcess> nodes = [];

    public async Task InitializeAsync()
    {
        var db = await TestDatabase.CreateDatabase("cookies");
        nodes.Add(await AppProcess.Start(data, db, Directory.CreateTempSubdirectory("tracker-home-a-").FullName));
        nodes.Add(await AppProcess.Start(data, db, Directory.CreateTempSubdirectory("tracker-home-b-").FullName));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_cookie_from_one_node_opens_the_workbench_on_another()
    {
        var (a, b) = (nodes[0], nodes[1]);
        using var admin = a.Client((await File.ReadAllTextAsync(Path.Combine(data, FirstStart.TokenFile))).Trim());
        using var anonymous = a.Client();
        var name = $"Noor {Guid.NewGuid():N}";
        await SignUp.Reporter(admin, anonymous, name, "a long passphrase");

        // Cookies are not told apart by port: one browser talks to both nodes.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var login = await browser.GetStringAsync($"http://127.0.0.1:{a.Port}/login");
        var token = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value);
        var signedIn = await browser.PostAsync($"http://127.0.0.1:{a.Port}/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = name, ["password"] = "a long passphrase",
        }));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var board = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{b.Port}/") { Headers = { { "Accept", "text/html" } } };
        var onB = await browser.SendAsync(board);
        onB.StatusCode.ShouldBe(HttpStatusCode.OK, "the other node reads the cookie");
        (await onB.Content.ReadAsStringAsync()).ShouldContain(name);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await node.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
