using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Stories;

namespace Tracker.Claims;

/// <summary>
/// Runs claim commands for the API and the demo loader alike: fetches what a decision needs besides the
/// claim (its story, a source, the other claim of a link) and hands it to the pure decide function.
/// </summary>
public sealed class ClaimCommands(CommandRunner runner)
{
    private const string Claim = ClaimEventTypes.StreamType;

    /// <summary>A command on one claim: load, decide with the actor and the time, append.</summary>
    public Task<CommandOutcome?> On(CommandContext context, Guid claimId, Func<Claim, Actor, DateTimeOffset, Decision> decide,
        string? reason = null, CancellationToken ct = default) =>
        runner.Update<Claim>(context, claimId, Claim, (claim, now) => decide(claim, context.By, now), reason, ct);

    /// <summary>Logs a claim, and with it its first attribution when given, as one append, by <see cref="ClaimLogWrites.Logging"/>.</summary>
    public async Task<CommandOutcome?> Log(CommandContext context, LogClaim command, AddAttribution? attribution = null, CancellationToken ct = default)
    {
        var story = (await runner.Store.Load<Story>(context.By.Newsroom, command.StoryId, ct))?.State;
        if (story is null) return null;
        var source = attribution is null ? null : (await runner.Store.Load<Source>(context.By.Newsroom, attribution.SourceId, ct))?.State;
        var logging = ClaimLogWrites.Logging(command, story, attribution, source);
        return await runner.Start(context, command.ClaimId, Claim, now => logging(context.By, now), ct: ct);
    }

    /// <summary>The source is read in the round trip that fetches the claim.</summary>
    public Task<CommandOutcome?> AddAttribution(CommandContext context, Guid claimId, AddAttribution command, CancellationToken ct = default) =>
        runner.Update<Claim, Source>(context, claimId, Claim, command.SourceId,
            (claim, source, now) => ClaimWrites.Attributing(command, source)(claim, context.By, now), ct: ct);

    public Task<CommandOutcome?> Link(CommandContext context, Guid claimId, LinkClaims command, CancellationToken ct = default) =>
        OnTwo(context, claimId, command.OtherClaimId, ClaimOrganiseWrites.Linking(command), command.Note, ct);

    public Task<CommandOutcome?> Unlink(CommandContext context, Guid claimId, UnlinkClaims command, CancellationToken ct = default) =>
        OnTwo(context, claimId, command.OtherClaimId, ClaimOrganiseWrites.Unlinking(command), command.Reason, ct);

    /// <summary>Links write to both claims in one transaction, each at the version it was read at.</summary>
    private async Task<CommandOutcome?> OnTwo(CommandContext context, Guid claimId, Guid otherId,
        Func<Claim, Claim?, Actor, DateTimeOffset, TwoClaimDecision> decide, string? reason, CancellationToken ct)
    {
        var tenant = context.By.Newsroom;
        var claim = await runner.Store.FetchForWriting<Claim>(tenant, claimId, ct);
        if (claim is null) return null;
        if (context.IfMatch is { } pinned && pinned != claim.Version) return new CommandOutcome.Stale(pinned, claim.Version);
        var other = otherId == claimId ? claim : await runner.Store.FetchForWriting<Claim>(tenant, otherId, ct);
        var decision = decide(claim.State, other?.State, context.By, runner.Now());
        if (decision.Rejection is { } rejection) return new CommandOutcome.Rejected(rejection);
        return await runner.Append(context,
        [
            (claimId, Claim, claim.Head, decision.ThisClaim.Events),
            (decision.OtherClaimId, Claim, other!.Head, decision.OtherClaimEvents),
        ], reason, ct);
    }
}
