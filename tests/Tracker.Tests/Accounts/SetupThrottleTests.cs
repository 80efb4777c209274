using System.Net;
using System.Net.Http.Json;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

/// <summary>Setup codes are guessed like passwords: 20 failed codes from one address and the next attempt is 429 with Retry-After.</summary>
public sealed class SetupThrottleTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task Guessing_setup_codes_is_throttled_by_address()
    {
        var anonymous = app.Client();
        for (var i = 0; i < 20; i++)
            (await anonymous.PostAsJsonAsync("/api/accounts/setup", new { setupCode = $"setup_{i:x32}", password = "a long passphrase" }))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var created = await (await app.Admin.PostAsJsonAsync("/api/accounts", new { name = "Real Person", roles = new[] { "reporter" } }))
            .Content.ReadFromJsonAsync<Tracker.Accounts.CreatedAccount>(Json.Options);
        var refused = await anonymous.PostAsJsonAsync("/api/accounts/setup", new { setupCode = created!.SetupCode, password = "a long passphrase" });
        await refused.ShouldBeProblem(HttpStatusCode.TooManyRequests, rule: "too_many_attempts");
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }
}
