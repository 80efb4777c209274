using Tracker.Commands;
using Tracker.Store;
using Wolverine.Runtime;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Claims;

/// <summary>
/// Claim writes for the workbench's forms and the demo loader, sent through Wolverine (<see cref="DeskWrites"/>) to the
/// handlers in <see cref="ClaimDeskWriteHandlers"/>. Logging reads the story (and a first attribution's source) first,
/// as the API's logging endpoint does.
/// </summary>
public sealed class ClaimCommands(IWolverineRuntime wolverine, Ledger ledger)
{
    /// <summary>A command on one claim: load, decide with the actor and the time, append.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid claimId, Func<Claim, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        wolverine.Send(new ChangeClaim(context, claimId, decide, reason), ct);

    /// <summary>Logs a claim, and with it its first attribution when given, as one append, by <see cref="ClaimLogWrites.Logging"/>.</summary>
    public async Task<CommandOutcome?> Log(CommandContext context, LogClaim command, AddAttribution? attribution = null, CancellationToken ct = default)
    {
        var story = (await ledger.Load<Story>(context.By.Newsroom, command.StoryId, ct))?.State;
        if (story is null) return null;
        var source = attribution is null ? null : (await ledger.Load<Source>(context.By.Newsroom, attribution.SourceId, ct))?.State;
        var logging = ClaimLogWrites.Logging(command, story, attribution, source);
        return await wolverine.Open(new OpenStream(context, command.ClaimId, ClaimEventTypes.StreamType, logging), ct);
    }

    /// <summary>The source is read on the claim's session, in the same transaction.</summary>
    public Task<CommandOutcome?> AddAttribution(CommandContext context, Guid claimId, AddAttribution command, CancellationToken ct = default) =>
        wolverine.Send(new AttributeClaim(context, claimId, command), ct);

    public Task<CommandOutcome?> Link(CommandContext context, Guid claimId, LinkClaims command, CancellationToken ct = default) =>
        wolverine.Send(new ChangeClaimPair(context, claimId, command.OtherClaimId, ClaimOrganiseWrites.Linking(command), command.Note), ct);

    public Task<CommandOutcome?> Unlink(CommandContext context, Guid claimId, UnlinkClaims command, CancellationToken ct = default) =>
        wolverine.Send(new ChangeClaimPair(context, claimId, command.OtherClaimId, ClaimOrganiseWrites.Unlinking(command), command.Reason), ct);
}
