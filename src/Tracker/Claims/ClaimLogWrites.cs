using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Http;
using Tracker.Sources;
using Tracker.Store;
using Tracker.Stories;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Tracker.Claims;

public sealed record LogClaimRequest(string Text, DateTimeOffset? ClaimedAt = null, AddAttributionRequest? Attribution = null);

/// <summary>
/// Logging a claim in a story as a Wolverine HTTP endpoint: it starts the claim's stream, so, as opening a story
/// (<see cref="StoryWrites.Open"/>), it fetches no aggregate, is <c>[Transactional]</c>, and stages the first events
/// through <see cref="StagedWrite.Start"/>. The story and the first attribution's source are read on Wolverine's session.
/// </summary>
public static class ClaimLogWrites
{
    /// <summary>Roles, tags and the OpenAPI description, as the minimal-API route declared them.</summary>
    public static void Configure(HttpChain chain) =>
        chain.Metadata.WithTags("Stories").Allow(Access.Reporters).Accepts<LogClaimRequest>("application/json")
            .WithSummary(chain, "Log a claim in the story, optionally with its first attribution");


    [WolverinePost("/api/stories/{id:guid}/claims"), Transactional]
    public static async Task<IResult> Log(HttpContext http, Guid id, IDocumentSession session, Ledger ledger)
    {
        var body = await JsonBody.Read<LogClaimRequest>(http);
        var claimId = Guid.CreateVersion7();
        var first = body.Attribution is { } a ? new AddAttribution(Guid.CreateVersion7(), a.SourceId, a.Role, a.Quote, a.Url, a.Via) : null;
        return await Write.Run(http, async context =>
            {
                // Stories and sources are never deleted: what is read now is still there when the events commit.
                var story = (await session.LoadAsync<Aggregate<Story>>(id, http.RequestAborted))?.State;
                if (story is null) return null;
                var source = first is null ? null : (await session.LoadAsync<Aggregate<Source>>(first.SourceId, http.RequestAborted))?.State;
                return await StagedWrite.Start(context, claimId, ClaimEventTypes.StreamType, session, ledger,
                    Logging(new LogClaim(claimId, id, body.Text, body.ClaimedAt), story, first, source, "attribution."), null, http.RequestAborted);
            },
            r => new Reply(201, new { id = claimId, storyId = id, attributionId = first?.AttributionId, version = r[0].Version }, $"/api/claims/{claimId}"));
    }

    /// <summary>
    /// The rule for logging a claim, and with it its first attribution when given, as one append: the same for this
    /// endpoint, the workbench's form and the demo loader (<see cref="ClaimCommands.Log"/>).
    /// </summary>
    /// <param name="story">The story as the newsroom has it.</param>
    /// <param name="source">The first attribution's source as the newsroom has it, or null.</param>
    /// <param name="attributionField">Prefixes the attribution's fields in a refusal: the API nests them under
    /// <c>attribution.</c>, the workbench's form does not.</param>
    public static Func<Actor, DateTimeOffset, Decision> Logging(LogClaim command, Story story, AddAttribution? attribution, Source? source,
        string attributionField = "") =>
        (by, now) =>
        {
            var logged = LogClaimDecision.Decide(command, Claim.Initial, story, by, now);
            if (attribution is null || !logged.IsAccepted) return logged;
            // Decide the attribution against the claim as logging it would leave it.
            var claim = logged.Events.Select((e, i) => Provisional(by, command.ClaimId, i + 1, e, now)).Aggregate(Claim.Initial, Claim.Evolve);
            var attributed = AddAttributionDecision.Decide(attribution, claim, source, by, now, attributionField);
            return attributed.IsAccepted ? Decision.Accept([.. logged.Events, .. attributed.Events]) : attributed;
        };

    /// <summary>An event as the claim's fold sees it before it is stored: evolving reads only its data, time and actor.</summary>
    private static StoredEvent Provisional(Actor by, Guid claimId, int version, object data, DateTimeOffset now) =>
        new(0, Guid.Empty, by.Newsroom, claimId, ClaimEventTypes.StreamType, version, "", data, new EventMetadata(by.Label), now, "", "");
}
