using System.Net;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

/// <summary>With several newsrooms, the newsroom may be left out when the name is unique; slugs match in any case; a wrong one says so.</summary>
public sealed class SeveralNewsroomsSignInTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task The_newsroom_is_needed_only_when_the_name_is_in_several()
    {
        var otherAdmin = await app.OtherNewsroom();
        var unique = $"Una {Guid.NewGuid():N}";
        await SignUp.Reporter(otherAdmin, app.Client(), unique, "a long passphrase");
        var shared = $"Sam {Guid.NewGuid():N}";
        await SignUp.Reporter(otherAdmin, app.Client(), shared, "a long passphrase");
        await SignUp.Reporter(app.Admin, app.Client(), shared, "a long passphrase");

        (await SignIn(null, unique)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the name is in one newsroom only");
        var ambiguous = await SignIn(null, shared);
        ambiguous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ambiguous.Content.ReadAsStringAsync()).ShouldContain("enter your newsroom");
        (await SignIn("NEWSROOM", shared)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "slugs match in any letter case");
        var wrong = await SignIn("no-such-desk", shared);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("There is no newsroom &#x27;no-such-desk&#x27;");
    }

    private async Task<HttpResponseMessage> SignIn(string? newsroom, string name)
    {
        var client = app.Client();
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.FormToken("/login"),
            ["name"] = name,
            ["password"] = "a long passphrase",
        };
        if (newsroom is not null) fields["newsroom"] = newsroom;
        return await client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }
}
