using Tracker.Store;
using Wolverine.Http;

namespace Tracker.Http;

/// <summary>A write request's If-Match and Idempotency-Key as <see cref="WritePreconditions"/> read them, for <see cref="Write.Run"/>.</summary>
/// <param name="Fingerprint">The request's fingerprint, when it carries a key.</param>
public sealed record WriteRequest(int? IfMatch, string? Key, string StoredKey, string? Fingerprint);

/// <summary>
/// Wolverine has no If-Match or Idempotency-Key of its own; this middleware bridges them on every write endpoint that
/// answers through <see cref="Write.Run"/> (TrackerApp.MapWolverine), after the newsroom check and before the stream is
/// fetched: a malformed header is 400, a retry of a request already answered gets the first answer back (or 422 for a
/// different request under the same key) without fetching or locking anything. What it read goes to
/// <see cref="Write.Run"/>, which compares If-Match with the version fetched (412) and records the first answer in the
/// append's transaction.
/// </summary>
public static class WritePreconditions
{
    /// <summary>The endpoint classes whose writes go through <see cref="Write.Run"/>.</summary>
    private static readonly HashSet<Type> Writers =
    [
        typeof(Accounts.AccountWrites), typeof(Accounts.MyTokenWrites), typeof(Claims.ClaimWrites), typeof(Claims.ClaimOrganiseWrites),
        typeof(Claims.ClaimLogWrites), typeof(Sources.SourceWrites), typeof(Stories.StoryWrites), typeof(Verdicts.VerdictWrites),
    ];

    public static bool AppliesTo(HttpChain chain) => Writers.Contains(chain.Method.HandlerType);

    public static async Task<IResult> Before(HttpContext http, Ledger ledger)
    {
        var (validIfMatch, ifMatch) = Preconditions.IfMatch(http.Request);
        if (!validIfMatch) return Preconditions.MalformedIfMatch();

        var key = http.Request.Headers[Idempotency.Header].ToString();
        if (Idempotency.KeyProblem(key) is { } badKey) return badKey;

        var by = http.Actor();
        var storedKey = Idempotency.StoredKey(by, key);
        string? fingerprint = null;
        if (key.Length > 0)
        {
            fingerprint = await Idempotency.Fingerprint(http, by);
            if (await Idempotency.Find(ledger.For(by.Newsroom), by.Newsroom, storedKey, http.RequestAborted) is { } earlier)
                return Idempotency.Answer(earlier, fingerprint);
        }
        http.Features.Set(new WriteRequest(ifMatch, key.Length > 0 ? key : null, storedKey, fingerprint));
        return WolverineContinue.Result();
    }
}
