using Tracker.Store;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Http;

/// <summary>A successful write's answer: status, body, where the resource lives, and which stream's version is its ETag.</summary>
public sealed record Reply(int Status, object? Body, string? Location = null, Guid? ETagOf = null)
{
    /// <summary>What a retry gets back, when the first body holds a secret (a token) that must not be stored.</summary>
    public object? ReplayBody { get; init; } = Body;

    /// <summary>The answer of a write to an existing stream: 200 with its id and new version.</summary>
    public static Reply Updated(Guid id, IReadOnlyList<AppendResult> results) => new(200, new { id, version = results[0].Version });
}

/// <summary>
/// Every write endpoint goes through here: with If-Match and Idempotency-Key as <see cref="WritePreconditions"/> read them, the command runs
/// on the state Wolverine fetched (<see cref="StagedWrite"/>), and its outcome becomes a response (201/200, 404, 409, 412, 422).
/// </summary>
public static class Write
{
    public static async Task<IResult> Run(HttpContext http, Func<CommandContext, Task<CommandOutcome?>> command,
        Func<IReadOnlyList<AppendResult>, Reply> reply)
    {
        var by = http.Actor();
        var request = http.Features.Get<WriteRequest>()
            ?? throw new InvalidOperationException($"{http.Request.Path}: a write endpoint without the {nameof(WritePreconditions)} middleware.");
        var services = http.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var correlation = Activity.Current?.TraceId is { } trace && trace != default ? GuidFrom(trace.ToString()) : Guid.CreateVersion7();

        Ledger.AlsoWrite? remember = null;
        if (request.Fingerprint is { } fingerprint)
            remember = (session, results) =>
            {
                var r = reply(results);
                Idempotency.Record(session, by.Newsroom, request.StoredKey, new StoredReply(fingerprint, r.Status, r.Location,
                    ETagFor(r, results), Idempotency.Serialize(r.ReplayBody, json)));
            };

        var context = new CommandContext(by, request.IfMatch, request.Key, correlation, remember);
        CommandOutcome? outcome;
        try
        {
            outcome = await command(context);
        }
        catch (Exception e) when (UniqueViolation(e))
        {
            return await Raced(http);
        }

        switch (outcome)
        {
            case null: return Problems.NotFound();
            case CommandOutcome.Rejected r: return Problems.For(r.Rejection);
            case CommandOutcome.Stale s: return Problems.Stale(s.ExpectedVersion, s.ActualVersion);
            case CommandOutcome.Appended a:
                var answer = reply(a.Results);
                if (ETagFor(answer, a.Results) is { } etag) http.Response.Headers.ETag = etag;
                if (answer.Location is not null) http.Response.Headers.Location = answer.Location;
                return Results.Json(answer.Body, json, statusCode: answer.Status);
            default: throw new UnreachableException();
        }
    }

    /// <summary>
    /// A write whose commit hit a unique key a concurrent write had just taken. The same Idempotency-Key raced itself and
    /// the other attempt committed first: answer as it did. Otherwise a read model's unique rule (an account name) was
    /// taken. A Wolverine endpoint commits after it returns, so <see cref="ErrorHandling"/> asks this too.
    /// </summary>
    public static async Task<IResult> Raced(HttpContext http)
    {
        var by = http.Actor();
        var key = http.Request.Headers[Idempotency.Header].ToString();
        var dataSource = http.RequestServices.GetRequiredService<Ledger>().For(by.Newsroom);
        if (key.Length > 0 && await Idempotency.Find(dataSource, by.Newsroom, Idempotency.StoredKey(by, key), http.RequestAborted) is { } earlier)
            return Idempotency.Answer(earlier, await Idempotency.Fingerprint(http, by));
        return Problems.Problem(409, "duplicate", "Something with the same unique name was just created; reload and try again.");
    }

    private static string? ETagFor(Reply reply, IReadOnlyList<AppendResult> results)
    {
        var stream = reply.ETagOf ?? (results.Count == 1 ? results[0].StreamId : null);
        return results.FirstOrDefault(r => r.StreamId == stream) is { } result ? Preconditions.ETag(result.Version) : null;
    }

    /// <summary>A unique key taken by a concurrent write: Marten wraps the server's error in its own.</summary>
    public static bool UniqueViolation(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || (e.InnerException is { } inner && UniqueViolation(inner));

    private static Guid GuidFrom(string hex32) => Guid.TryParseExact(hex32, "N", out var id) ? id : Guid.CreateVersion7();
}
