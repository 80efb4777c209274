using Microsoft.Extensions.DependencyInjection;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.BrowserTests.Support;

/// <summary>Givens for the browser tests: stories, sources, claims and verdicts made through the command services, as a person would.</summary>
public sealed class Desk(IServiceProvider services)
{
    private StoryCommands Stories => services.GetRequiredService<StoryCommands>();
    private SourceCommands Sources => services.GetRequiredService<SourceCommands>();
    private ClaimCommands Claims => services.GetRequiredService<ClaimCommands>();

    public async Task<Guid> OpenStory(Person by, string title, string summary)
    {
        var id = Guid.CreateVersion7();
        Appended(await Stories.Open(Context(by), new OpenStory(id, title, summary)));
        return id;
    }

    public async Task<Guid> RegisterSource(Person by, SourceKind kind, string name, string? outlet = null, string? url = null, DateTimeOffset? publishedAt = null)
    {
        var id = Guid.CreateVersion7();
        Appended(await Sources.Register(Context(by), new RegisterSource(id, kind, name, url, outlet, null, publishedAt)));
        return id;
    }

    /// <summary>Logs a claim with its first attribution; returns the claim and that attribution's ids.</summary>
    public async Task<(Guid Claim, Guid Attribution)> LogClaim(Person by, Guid storyId, string text, Guid sourceId, AttributionRole role, string quote,
        DateTimeOffset? claimedAt = null)
    {
        var (claimId, attributionId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        Appended(await Claims.Log(Context(by), new LogClaim(claimId, storyId, text, claimedAt), new AddAttribution(attributionId, sourceId, role, quote, null, null)));
        return (claimId, attributionId);
    }

    public async Task<Guid> Attribute(Person by, Guid claimId, Guid sourceId, AttributionRole role, string quote, Guid? via = null)
    {
        var id = Guid.CreateVersion7();
        Appended(await Claims.AddAttribution(Context(by), claimId, new AddAttribution(id, sourceId, role, quote, null, via)));
        return id;
    }

    public async Task<Guid> Propose(Person by, Guid claimId, string rating, string summary, string? correctionNote = null)
    {
        var id = Guid.CreateVersion7();
        var command = new ProposeVerdict(id, rating, summary, [new Evidence("The original report, read in full", "https://example.org/evidence")], correctionNote);
        Appended(await Claims.On(Context(by), claimId, (c, actor, now) => ProposeVerdictDecision.Decide(command, c, actor, now, RatingScale.Default), correctionNote));
        return id;
    }

    public async Task RetractSource(Person by, Guid sourceId, string note) =>
        Appended(await Sources.On(Context(by), sourceId, SourceWrites.Retracting(note), note));

    public async Task RecordSnapshot(Person by, Guid sourceId, string sha256, string? archiveUrl = null) =>
        Appended(await Sources.On(Context(by), sourceId, SourceWrites.Snapshotting(new(archiveUrl, sha256, null))));

    public async Task Approve(Person by, Guid claimId, Guid verdictId) =>
        Appended(await Claims.On(Context(by), claimId, (c, actor, now) => ApproveVerdictDecision.Decide(new(verdictId), c, actor, now)));

    public async Task Link(Person by, Guid claimId, Guid otherId, LinkRelation relation, string note) =>
        Appended(await Claims.Link(Context(by), claimId, new LinkClaims(otherId, relation, note)));

    public async Task CorrectText(Person by, Guid claimId, string text, string reason) =>
        Appended(await Claims.On(Context(by), claimId, (c, actor, now) => CorrectClaimTextDecision.Decide(new(text, reason), c, actor, now), reason));

    private static CommandContext Context(Person by) => new(by.Actor);

    private static void Appended(CommandOutcome? outcome) => outcome.ShouldBeOfType<CommandOutcome.Appended>(outcome?.ToString());
}
