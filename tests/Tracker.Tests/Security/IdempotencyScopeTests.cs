using System.Net;
using System.Net.Http.Json;
using Tracker.Commands;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>
/// Issue 17, item 6: an Idempotency-Key belongs to the account that sent it. A colleague in the same newsroom who
/// happens to (or means to) use the same key gets their own write, not a 422, and never the other's reply.
/// </summary>
public sealed class IdempotencyScopeTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Two_accounts_using_the_same_key_each_get_their_own_write_and_their_own_replay()
    {
        var (rita, _) = await app.As(Role.Reporter);
        var (ravi, _) = await app.As(Role.Reporter);
        const string Key = "open-story-1";

        var first = await Open(rita, Key, "Rita's story");
        var second = await Open(ravi, Key, "Ravi's story");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
        second.Headers.Location.ShouldNotBe(first.Headers.Location);

        var ritaAgain = await Open(rita, Key, "Rita's story");
        ritaAgain.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        ritaAgain.Headers.Location.ShouldBe(first.Headers.Location);
        var raviAgain = await Open(ravi, Key, "Ravi's story");
        raviAgain.Headers.Location.ShouldBe(second.Headers.Location);
    }

    private static Task<HttpResponseMessage> Open(HttpClient client, string key, string title) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/stories")
        {
            Content = JsonContent.Create(new { title, summary = "Keys are per account" }),
            Headers = { { "Idempotency-Key", key } },
        });
}
