using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Store;
using Wolverine.Marten;
using ClaimStream = JasperFx.Events.IEventStream<Tracker.EventStore.Aggregate<Tracker.Claims.Claim>>;

namespace Tracker.Claims;

/// <summary>A write on one claim by one of the API's rule functions (<see cref="ClaimWrites"/>, <see cref="ClaimOrganiseWrites"/>).</summary>
public sealed record ChangeClaim(CommandContext Context, Guid ClaimId, Func<Claim, Actor, DateTimeOffset, Decision> Decide, string? Reason = null)
    : IDeskWrite;

/// <summary>An attribution: the source's current state is read on the claim's session, as the API's endpoint reads it.</summary>
public sealed record AttributeClaim(CommandContext Context, Guid ClaimId, AddAttribution Command) : IDeskWrite;

/// <summary>A link or unlink, written to both claims in one transaction.</summary>
public sealed record ChangeClaimPair(CommandContext Context, Guid ClaimId, Guid OtherClaimId,
    Func<Claim, Claim?, Actor, DateTimeOffset, TwoClaimDecision> Decide, string? Reason = null) : IDeskWrite;

/// <summary>Wolverine's handlers of the desk's claim writes: the same fetch, rule and staging as the claim endpoints.</summary>
public static class ClaimDeskWriteHandlers
{
    public static async Task<Written> Handle(ChangeClaim change,
        [WriteAggregate(nameof(ChangeClaim.ClaimId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] ClaimStream claim,
        IDocumentSession session, Ledger ledger, CancellationToken ct) =>
        new(await ClaimWrites.Decide(change.Context, claim, session, ledger, change.Decide, change.Reason, ct));

    public static async Task<Written> Handle(AttributeClaim attribute,
        [WriteAggregate(nameof(AttributeClaim.ClaimId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] ClaimStream claim,
        IDocumentSession session, Ledger ledger, CancellationToken ct)
    {
        var source = (await session.LoadAsync<Aggregate<Source>>(attribute.Command.SourceId, ct))?.State;
        return new(await ClaimWrites.Decide(attribute.Context, claim, session, ledger, ClaimWrites.Attributing(attribute.Command, source), null, ct));
    }

    public static async Task<Written> Handle(ChangeClaimPair change,
        [WriteAggregate(nameof(ChangeClaimPair.ClaimId), LoadStyle = ConcurrencyStyle.Exclusive, Required = false)] ClaimStream claim,
        IDocumentSession session, Ledger ledger, CancellationToken ct) =>
        new(await ClaimOrganiseWrites.DecideOnTwo(change.Context, claim, change.OtherClaimId, session, ledger, change.Decide, change.Reason, ct));
}
