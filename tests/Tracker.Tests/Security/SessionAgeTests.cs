using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Tests.Support;

namespace Tracker.Tests.Security;

/// <summary>The app on a clock the test moves.</summary>
public sealed class DeskOnAMovableClock : TrackerAppFactory
{
    public DeskOnAMovableClock() => TestServices = services => services.AddSingleton<TimeProvider>(Clock);

    public MovableClock Clock { get; } = new();
}

/// <summary>
/// A workbench cookie's 12-hour expiry slides with use, so a copied cookie used twice a day worked until its owner
/// signed out. A session now ends a week after sign-in however often it is used.
/// </summary>
public sealed class SessionAgeTests(DeskOnAMovableClock app) : IClassFixture<DeskOnAMovableClock>
{
    [Fact]
    public async Task A_session_used_every_few_hours_still_ends_a_week_after_sign_in()
    {
        var browser = await app.SignedInBrowserAs(Tracker.Commands.Role.Reporter);

        var step = TimeSpan.FromHours(11);
        var used = TimeSpan.Zero;
        // Each use renews the cookie (past half its 12 hours): only the session's own age can end it.
        while (used + step < AccountDirectory.MaxSessionAge)
        {
            app.Clock.Advance(step);
            used += step;
            (await browser.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.OK, $"{used.TotalHours} h after sign-in");
        }
        app.Clock.Advance(step);

        var after = await browser.GetAsync("/me");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect, "a week after sign-in");
        after.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }
}
