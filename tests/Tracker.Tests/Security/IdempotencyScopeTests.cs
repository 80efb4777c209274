using Alba;
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
        var (_, rita) = await app.As(Role.Reporter);
        var (_, ravi) = await app.As(Role.Reporter);
        const string Key = "open-story-1";

        var first = Location(await Open(rita.Token, Key, "Rita's story"));
        var second = Location(await Open(ravi.Token, Key, "Ravi's story"));
        second.ShouldNotBe(first);

        var ritaAgain = await Open(rita.Token, Key, "Rita's story", replayed: true);
        Location(ritaAgain).ShouldBe(first);
        var raviAgain = await Open(ravi.Token, Key, "Ravi's story");
        Location(raviAgain).ShouldBe(second);
    }

    /// <summary>Opens a story under this key; the answer must be 201 (and say it was replayed when <paramref name="replayed"/>).</summary>
    private Task<IScenarioResult> Open(string token, string key, string title, bool replayed = false) =>
        app.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.WithRequestHeader("Idempotency-Key", key);
            s.Post.Json(new { title, summary = "Keys are per account" }).ToUrl("/api/stories");
            s.StatusCodeShouldBe(201);
            if (replayed) s.Header("Idempotent-Replayed").SingleValueShouldEqual("true");
        });

    private static string Location(IScenarioResult result)
    {
        var location = result.Context.Response.Headers.Location.ToString();
        location.ShouldNotBeNullOrEmpty();
        return location;
    }
}
