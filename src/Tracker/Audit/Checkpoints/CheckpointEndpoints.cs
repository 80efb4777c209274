using Tracker.Http;

namespace Tracker.Audit.Checkpoints;

/// <summary>The public key and a newsroom's signed checkpoints over HTTP, for auditors, editors and admins of that newsroom.</summary>
public static class CheckpointEndpoints
{
    public sealed record PublicKeyAnswer(string Newsroom, string Algorithm, string Fingerprint, string Pem);

    public static void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");

        audit.MapPost("/checkpoints", async (HttpContext http, CheckpointKeeper keeper) =>
            {
                var checkpoint = await keeper.Take(http.Actor().Newsroom, http.RequestAborted);
                return Results.Created($"/api/audit/checkpoints/{checkpoint.Sequence}", checkpoint);
            })
            .Allow(Access.Checkpoints).Produces<Checkpoint>(201)
            .WithSummary("Take a signed checkpoint now: every stream's head, their Merkle root, signed; also written to checkpoints.jsonl and sent to the witness");

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
}
