using System.Collections.Concurrent;
using System.Net;

namespace Tracker.Accounts;

/// <summary>
/// Failed sign-ins, counted per account (newsroom and name, whether or not such an account exists, so a refusal tells
/// nothing about which names are real) and per client address, over a sliding 15-minute window. After 5 failures for
/// one account or 20 from one address, attempts are refused (429 with Retry-After) until the oldest failure leaves the
/// window; a refused attempt checks no password and counts nothing. Time comes from the app's TimeProvider.
/// In memory: a restart forgets, and each app node counts its own.
/// A password or code is checked inside an <see cref="Attempt"/>, counted as failed from its start, so attempts sent at
/// once cannot all pass the check before any is counted. Setup codes (<see cref="SetupCode"/>) have buckets of their own,
/// per address too: a spray at the sign-in form does not stop people redeeming their codes from that address.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int FailuresPerAccount = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Forgotten failures are swept now and then, so names sprayed at the form do not pile up.
    private const int SweepEvery = 1000;
    private readonly ConcurrentDictionary<string, Failures> failures = new();
    private readonly Lock gate = new();
    private int sinceSweep;

    /// <summary>The key of an account as typed on a form: names are matched case-insensitively, as sign-in does.</summary>
    public static string Account(string? newsroom, string? name) => $"{newsroom?.Trim()}\n{name?.Trim().ToLowerInvariant()}";

    /// <summary>How long the caller must wait before trying again; null when the attempt may go ahead.</summary>
    public TimeSpan? Refusal(string account, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var byAccount = Wait(AccountKey(account), FailuresPerAccount, now);
        var byAddress = Wait(AddressKey(address, account), FailuresPerAddress, now);
        return byAccount is null || byAddress > byAccount ? byAddress : byAccount;
    }

    /// <summary>The key of a setup code (its hash), apart from every account name and with its own per-address bucket.</summary>
    public static string SetupCode(string codeHash) => SetupPrefix + codeHash;

    private const string SetupPrefix = "#setup\n";

    /// <summary>A failure that checked no password (a newsroom that does not exist).</summary>
    public void Failed(string account, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        lock (gate) Count(account, address, now);
        Counted(now);
    }

    /// <summary>
    /// Starts checking a password or code: null (refused, <paramref name="wait"/> saying for how long) when the limit is
    /// reached, otherwise an attempt already counted as a failure, under one lock with the check, so that no more
    /// attempts than the limit get to a password at once.
    /// </summary>
    public Attempt? Begin(string account, IPAddress? address, out TimeSpan wait)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (Refusal(account, address) is { } refused)
            {
                wait = refused;
                return null;
            }
            Count(account, address, now);
        }
        wait = TimeSpan.Zero;
        return new Attempt(this, account, address, now);
    }

    /// <summary>Says on a refusal when to try again (Retry-After, whole seconds, at least one); the seconds, for the page's words.</summary>
    public static int RetryAfter(HttpResponse response, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return seconds;
    }

    /// <summary>A password or code being checked (<see cref="Check{T}"/>): a failure keeps it counted, a success takes it back.</summary>
    public sealed class Attempt(SignInThrottle throttle, string account, IPAddress? address, DateTimeOffset at)
    {
        private void Failed() => throttle.Counted(at);

        /// <summary>A correct password clears the account's count (not the address's: one success must not reopen a spray).</summary>
        private void Succeeded()
        {
            throttle.failures.TryRemove(AccountKey(account), out _);
            if (throttle.failures.TryGetValue(AddressKey(address, account), out var list)) list.Remove(at);
        }

        /// <summary>
        /// Runs the password or code check: its answer decides whether the attempt stays counted; an exception (the
        /// database did not answer, the caller went away) is no failed guess, and the attempt counts for nothing.
        /// </summary>
        public async Task<T> Check<T>(Func<Task<T>> check, Func<T, bool> succeeded)
        {
            T answer;
            try
            {
                answer = await check();
            }
            catch
            {
                Abandon();
                throw;
            }
            if (succeeded(answer)) Succeeded();
            else Failed();
            return answer;
        }

        private void Abandon()
        {
            if (throttle.failures.TryGetValue(AccountKey(account), out var mine)) mine.Remove(at);
            if (throttle.failures.TryGetValue(AddressKey(address, account), out var theirs)) theirs.Remove(at);
        }
    }

    private void Count(string account, IPAddress? address, DateTimeOffset now)
    {
        failures.GetOrAdd(AccountKey(account), _ => new()).Add(now);
        failures.GetOrAdd(AddressKey(address, account), _ => new()).Add(now);
    }

    private void Counted(DateTimeOffset now)
    {
        Telemetry.TrackerMetrics.SignInFailed("credentials");
        if (Interlocked.Increment(ref sinceSweep) % SweepEvery == 0) Sweep(now);
    }

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        failures.TryGetValue(key, out var list) ? list.Wait(limit, now) : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, list) in failures)
            if (list.Wait(1, now) is null) failures.TryRemove(key, out _);
    }

    private static string AccountKey(string account) => "account\n" + account;

    // A request without a peer address (an in-process test host) shares one bucket.
    private static string AddressKey(IPAddress? address, string account) =>
        (account.StartsWith(SetupPrefix, StringComparison.Ordinal) ? "setup address\n" : "address\n") + (address?.ToString() ?? "none");

    private sealed class Failures
    {
        private readonly List<DateTimeOffset> times = [];

        public void Add(DateTimeOffset at)
        {
            lock (times) times.Add(at);
        }

        public void Remove(DateTimeOffset at)
        {
            lock (times) times.Remove(at);
        }

        /// <summary>Until enough failures leave the window to let one more attempt in; null if it may go now.</summary>
        public TimeSpan? Wait(int limit, DateTimeOffset now)
        {
            lock (times)
            {
                times.RemoveAll(t => t <= now - Window);
                return times.Count < limit ? null : times[times.Count - limit] + Window - now;
            }
        }
    }
}
