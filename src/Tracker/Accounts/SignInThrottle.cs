using System.Collections.Concurrent;
using System.Net;

namespace Tracker.Accounts;

/// <summary>
/// Failed sign-ins, counted per account (newsroom and name, whether or not such an account exists, so a refusal tells
/// nothing about which names are real) and per client address, over a sliding 15-minute window. After 5 failures for
/// one account or 20 from one address, attempts are refused (429 with Retry-After) until the oldest failure leaves the
/// window; a refused attempt checks no password and counts nothing. Time comes from the app's TimeProvider.
/// In memory: a restart forgets, and each app node counts its own.
/// POST /login uses it; the setup-code route (POST /api/accounts/setup) is to use it the same way, keyed by the code's
/// account or, before that is known, by address alone.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int FailuresPerAccount = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Forgotten failures are swept now and then, so names sprayed at the form do not pile up.
    private const int SweepEvery = 1000;
    private readonly ConcurrentDictionary<string, Failures> failures = new();
    private int sinceSweep;

    /// <summary>The key of an account as typed on a form: names are matched case-insensitively, as sign-in does.</summary>
    public static string Account(string? newsroom, string? name) => $"{newsroom?.Trim()}\n{name?.Trim().ToLowerInvariant()}";

    /// <summary>How long the caller must wait before trying again; null when the attempt may go ahead.</summary>
    public TimeSpan? Refusal(string account, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var byAccount = Wait(AccountKey(account), FailuresPerAccount, now);
        var byAddress = Wait(AddressKey(address), FailuresPerAddress, now);
        return byAccount is null || byAddress > byAccount ? byAddress : byAccount;
    }

    public void Failed(string account, IPAddress? address)
    {
        Telemetry.TrackerMetrics.SignInFailed("credentials");
        var now = clock.GetUtcNow();
        failures.GetOrAdd(AccountKey(account), _ => new()).Add(now);
        failures.GetOrAdd(AddressKey(address), _ => new()).Add(now);
        if (Interlocked.Increment(ref sinceSweep) % SweepEvery == 0) Sweep(now);
    }

    /// <summary>A correct password clears the account's count (not the address's: one success must not reopen a spray).</summary>
    public void Succeeded(string account) => failures.TryRemove(AccountKey(account), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        failures.TryGetValue(key, out var list) ? list.Wait(limit, now) : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, list) in failures)
            if (list.Wait(1, now) is null) failures.TryRemove(key, out _);
    }

    private static string AccountKey(string account) => "account\n" + account;

    // A request without a peer address (an in-process test host) shares one bucket.
    private static string AddressKey(IPAddress? address) => "address\n" + (address?.ToString() ?? "none");

    private sealed class Failures
    {
        private readonly List<DateTimeOffset> times = [];

        public void Add(DateTimeOffset at)
        {
            lock (times) times.Add(at);
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
