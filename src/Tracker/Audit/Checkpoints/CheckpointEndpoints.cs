using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Tracker.Http;
using Wolverine.Http;

namespace Tracker.Audit.Checkpoints;

/// <summary>The public key and a newsroom's signed checkpoints over HTTP, for auditors, editors and admins of that newsroom.</summary>
public static class CheckpointEndpoints
{
    public sealed record PublicKeyAnswer(string Newsroom, string Algorithm, string Fingerprint, string Pem);

    public static void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");

        audit.MapGet("/checkpoints", async (HttpContext http, CheckpointKeeper keeper) =>
                Results.Ok((await keeper.List(http.Actor().Newsroom, heads: false, http.RequestAborted)).Select(c => CheckpointSummary.From(c.Checkpoint!))))
            .Allow(Access.Checkpoints).Produces<IEnumerable<CheckpointSummary>>()
            .WithSummary("The newsroom's checkpoints, oldest first, without their heads (GET one, or the checkpoints.jsonl export, for those)");

        audit.MapGet("/checkpoints/{sequence:long}", async (HttpContext http, long sequence, CheckpointKeeper keeper) =>
                await keeper.Find(http.Actor().Newsroom, sequence, http.RequestAborted) is { } checkpoint
                    ? Results.Ok(checkpoint)
                    : Problems.Problem(404, "not_found", $"Your newsroom has no checkpoint {sequence}.", "sequence"))
            .Allow(Access.Checkpoints).Produces<Checkpoint>()
            .WithSummary("One checkpoint with every stream head it signed");

        audit.MapGet("/key", (HttpContext http, SigningKeys keys) =>
            {
                var newsroom = http.Actor().Newsroom;
                using var key = keys.GetOrCreate(newsroom);
                return Results.Ok(new PublicKeyAnswer(newsroom, SigningKeys.Algorithm, key.Fingerprint, key.PublicPem));
            })
            .Allow(Access.Checkpoints).Produces<PublicKeyAnswer>()
            .WithSummary("The newsroom's public checkpoint key: PEM (SubjectPublicKeyInfo) and its SHA-256 fingerprint");
    }

    /// <summary>Roles, tag and OpenAPI text of the Wolverine endpoint below, as the minimal-API routes declare theirs.</summary>
    public static void Configure(HttpChain chain) => chain.Metadata
        .WithTags("Audit").Allow(Access.Checkpoints).Produces<Checkpoint>(201)
        .WithSummary(chain, "Take a signed checkpoint now: every stream's head, their Merkle root, signed; also written to checkpoints.jsonl and sent to the witness");

    /// <summary>
    /// Takes a checkpoint, honouring Idempotency-Key as every write does (a retry gets the first checkpoint back and takes
    /// none). A checkpoint has no version, so an If-Match cannot hold: it is refused rather than ignored. A Wolverine
    /// endpoint with no body and no stream: the keeper commits the checkpoint (and its idempotency record) itself.
    /// </summary>
    [WolverinePost("/api/audit/checkpoints")]
    public static async Task<IResult> Take(HttpContext http, CheckpointKeeper keeper, IOptions<JsonOptions> json)
    {
        var by = http.Actor();
        if (await JsonBody.Unexpected(http) is { } body) return body;
        if (http.Request.Headers.IfMatch.Count > 0)
            return Preconditions.IfMatch(http.Request).Valid
                ? Problems.Problem(400, "if_match_unsupported", "A checkpoint has no version to match: send no If-Match.", "If-Match")
                : Preconditions.MalformedIfMatch();
        var key = http.Request.Headers[Idempotency.Header].ToString();
        if (Idempotency.KeyProblem(key) is { } badKey) return badKey;

        CheckpointKeeper.AlsoWrite? remember = null;
        var (storedKey, fingerprint) = (Idempotency.StoredKey(by, key), "");
        if (key.Length > 0)
        {
            fingerprint = await Idempotency.Fingerprint(http, by);
            if (await Idempotency.Find(http.NewsroomDatabase(), by.Newsroom, storedKey, http.RequestAborted) is { } earlier) return Idempotency.Answer(earlier, fingerprint);
            remember = (conn, checkpoint, ct) => Idempotency.Record(conn, by.Newsroom, storedKey,
                new StoredReply(fingerprint, 201, Location(checkpoint), null, JsonSerializer.Serialize(checkpoint, json.Value.SerializerOptions)), ct);
        }
        try
        {
            var checkpoint = await keeper.Take(by.Newsroom, http.RequestAborted, remember);
            return Results.Created(Location(checkpoint), checkpoint);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && key.Length > 0)
        {
            // The same key raced itself and the other request's checkpoint committed first: this one took none.
            return await Idempotency.Find(http.NewsroomDatabase(), by.Newsroom, storedKey, http.RequestAborted) is { } earlier
                ? Idempotency.Answer(earlier, fingerprint)
                : Problems.Problem(409, "duplicate", "Another request with this Idempotency-Key is being answered; try again.", Idempotency.Header);
        }
    }

    private static string Location(Checkpoint checkpoint) => $"/api/audit/checkpoints/{checkpoint.Sequence}";
}
