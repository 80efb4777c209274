using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Tests.Support;

namespace Tracker.Tests.Accounts;

/// <summary>The app with a clock the tests move and a password hasher that counts its checks.</summary>
public sealed class ThrottledDesk : IAsyncLifetime
{
    public ThrottledDesk() => App = new TrackerAppFactory
    {
        TestServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IPasswordHasher<object>>(Hasher);
        },
    };

    public MovableClock Clock { get; } = new();
    public CountingHasher Hasher { get; } = new();
    public TrackerAppFactory App { get; }

    public Task InitializeAsync() => ((IAsyncLifetime)App).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();

    public sealed class CountingHasher : IPasswordHasher<object>
    {
        private readonly PasswordHasher<object> real = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(object user, string password) => real.HashPassword(user, password);

        /// <summary>A password whose check fails as a database that stops answering would: no answer, an exception.</summary>
        public const string Failing = "a check that never answers";

        public PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            if (providedPassword == Failing) throw new InvalidOperationException("The check did not answer.");
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>
/// Issue 17, item 5: sign-in could be guessed without limit, and an unknown name answered ten times faster than a
/// known one. Now 5 failures for one account (or 20 from one address) in 15 minutes earn a 429 with Retry-After.
/// </summary>
public sealed class SignInThrottleTests(ThrottledDesk desk) : IClassFixture<ThrottledDesk>
{
    // The contract of issue 17, spelled out rather than read from the code under test.
    private const int FailuresPerAccount = 5;
    private const int FailuresPerAddress = 20;
    private const string Password = "correct horse battery";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Five_failures_for_one_account_refuse_even_the_right_password_until_the_window_passes()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();
        for (var i = 0; i < FailuresPerAccount; i++)
            (await browser.SignIn(name, "wrong horse " + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var refused = await browser.SignIn(name, Password);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(880, 900);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many failed sign-ins");
        (await browser.SignIn(name.ToUpperInvariant(), Password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "names match whatever their case");

        desk.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        var after = await browser.SignIn(name, Password);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task A_refused_attempt_checks_no_password_and_a_success_clears_the_accounts_count()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();
        for (var i = 0; i < FailuresPerAccount - 1; i++) await browser.SignIn(name, "wrong");
        (await browser.SignIn(name, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        for (var i = 0; i < FailuresPerAccount; i++)
            (await browser.SignIn(name, "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the success started the count afresh");

        var before = desk.Hasher.Verifications;
        (await browser.SignIn(name, "wrong")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        desk.Hasher.Verifications.ShouldBe(before);
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_refuse_every_name_from_it()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();
        for (var i = 0; i < FailuresPerAddress; i++)
            (await browser.SignIn($"guess {i}", "password1234")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var refused = await browser.SignIn(name, Password);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        // Setup codes count apart: a spray at the sign-in form does not stop a colleague at that address setting up.
        await SignUp.Reporter(desk.App.Admin, desk.App.Client(), "Newcomer " + Guid.NewGuid().ToString("N")[..8], Password);
    }

    [Fact]
    public async Task A_check_that_fails_without_an_answer_is_not_counted_as_a_wrong_password()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();
        for (var i = 0; i < FailuresPerAccount + 1; i++)
            ((int)(await browser.SignIn(name, ThrottledDesk.CountingHasher.Failing)).StatusCode).ShouldBeGreaterThanOrEqualTo(500);

        (await browser.SignIn(name, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "no failed guess was counted");
    }

    [Fact]
    public async Task Attempts_sent_at_once_check_no_more_passwords_than_the_limit()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();
        var form = await browser.FormToken("/login");
        var before = desk.Hasher.Verifications;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => browser.PostAsync("/login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = form, ["name"] = name, ["password"] = $"guess number {i}" }))));

        (desk.Hasher.Verifications - before).ShouldBe(FailuresPerAccount, "each attempt is counted before its password is checked");
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(40 - FailuresPerAccount);
    }

    [Fact]
    public async Task An_unknown_name_costs_a_password_check_like_a_wrong_password()
    {
        FreshWindow();
        var name = await Person();
        var browser = desk.App.Client();

        var before = desk.Hasher.Verifications;
        var unknown = await browser.SignIn("Nobody " + Guid.NewGuid().ToString("N"), "password1234");
        desk.Hasher.Verifications.ShouldBe(before + 1, "an unknown name is checked against a dummy hash");
        var wrong = await browser.SignIn(name, "password1234");
        desk.Hasher.Verifications.ShouldBe(before + 2);

        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("That name and password do not match an account.");
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("That name and password do not match an account.");
    }

    [Fact]
    public async Task With_several_newsrooms_a_sign_in_without_one_costs_a_password_check_and_says_the_same_whatever_the_name()
    {
        FreshWindow();
        var other = await desk.App.OtherNewsroom();
        var inTwo = await Person();
        await SignUp.Reporter(other, desk.App.Client(), inTwo, Password);
        var browser = desk.App.Client();

        // Unknown everywhere, known in two newsrooms, and known in this one only.
        foreach (var name in new[] { "Nobody " + Guid.NewGuid().ToString("N"), inTwo, await Person() })
        {
            var before = desk.Hasher.Verifications;
            var answer = await browser.SignIn(name, "password1234");
            answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, await answer.Content.ReadAsStringAsync());
            desk.Hasher.Verifications.ShouldBe(before + 1, $"'{name}' costs one password check");
            (await answer.Content.ReadAsStringAsync()).ShouldContain("That name and password do not match an account. If you belong to several newsrooms");
        }
    }

    // The class shares one app, and the test host gives every request the same address: start each test on a clean slate.
    private void FreshWindow() => desk.Clock.Advance(Window + TimeSpan.FromSeconds(1));

    private async Task<string> Person()
    {
        var name = "Sam " + Guid.NewGuid().ToString("N")[..8];
        await SignUp.Reporter(desk.App.Admin, desk.App.Client(), name, Password);
        return name;
    }
}
