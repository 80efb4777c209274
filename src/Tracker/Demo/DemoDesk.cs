using Tracker.Store;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Verdicts;

namespace Tracker.Demo;

/// <summary>
/// One load of the demo: the steps that open the story, register its sources, log its claims and work their
/// verdicts and links, each as the demo account the file names. A step returns false when it finds its work done.
/// </summary>
internal sealed class DemoDesk(
    string newsroom, DemoScript script, StoryCommands stories, SourceCommands sources, ClaimCommands claims, Ledger store, CancellationToken ct)
{
    public string Newsroom => newsroom;
    public DemoScript Script => script;
    public DemoIds Ids { get; } = new(newsroom);

    /// <summary>Every event of one load shares a correlation id, so the audit trail shows what the loader did.</summary>
    public Guid LoadId { get; } = Guid.CreateVersion7();

    public Dictionary<string, Actor> Actors { get; } = [];

    public IEnumerable<DemoStep> Steps()
    {
        yield return new("Open the story", OpenStory);
        foreach (var source in script.Sources)
            yield return new($"Register {source.Name}", () => Register(source));
        foreach (var claim in script.Claims)
        {
            yield return new($"Log \"{claim.Text}\"", () => Log(claim));
            foreach (var attribution in claim.Attributions.Skip(1))
                yield return new($"Attribute \"{claim.Key}\" to {attribution.Source}", () => Attribute(claim, attribution));
            foreach (var step in (claim.Verdicts ?? []).SelectMany(verdict => VerdictSteps(claim, verdict)))
                yield return step;
            if (claim.TextCorrection is { } correction)
                yield return new($"Correct the text of \"{claim.Key}\"", () => CorrectText(claim, correction));
        }
        foreach (var link in script.Links)
            yield return new($"Link \"{link.Claim}\" {link.Relation.ToString().ToLowerInvariant()} \"{link.Other}\"", () => Link(link));
    }

    /// <summary>Proposed, then approved, rejected or left pending; once published, perhaps voided.</summary>
    private IEnumerable<DemoStep> VerdictSteps(DemoClaim claim, DemoVerdict verdict)
    {
        var id = Ids.Verdict(claim.Key, verdict.Key);
        var what = $"{verdict.Rating} on \"{claim.Key}\"";
        yield return new($"Propose {what}", () => Propose(claim, verdict));
        if (verdict.ApprovedBy is { } approver)
            yield return new($"Approve {what}", () => Decide(claim, id, approver, VerdictOutcome.Pending, null,
                (c, by, now) => ApproveVerdictDecision.Decide(new(id), c, by, now)));
        if (verdict.RejectedBy is { } rejecter)
            yield return new($"Reject {what}", () => Decide(claim, id, rejecter, VerdictOutcome.Pending, verdict.RejectReason,
                (c, by, now) => RejectVerdictDecision.Decide(new(id, verdict.RejectReason ?? ""), c, by, now)));
        if (verdict.VoidedBy is { } voider)
            yield return new($"Void {what}", () => Decide(claim, id, voider, VerdictOutcome.Published, verdict.VoidReason,
                (c, by, now) => VoidVerdictDecision.Decide(new(id, verdict.VoidReason ?? ""), c, by, now)));
    }

    private async Task<bool> OpenStory()
    {
        if (await store.Load<Story>(newsroom, Ids.Story, ct) is not null) return false;
        return MustAppend(await stories.Open(As(script.Reporter), new OpenStory(Ids.Story, script.Story.Title, script.Story.Summary), ct), "Open the story");
    }

    private async Task<bool> Register(DemoSource s)
    {
        var id = Ids.Source(s.Key);
        if (await store.Load<Source>(newsroom, id, ct) is not null) return false;
        var command = new RegisterSource(id, s.Kind, s.Name, s.Url, s.Outlet, s.Author, DemoDates.AtMidnight(s.PublishedAt));
        return MustAppend(await sources.Register(As(script.Reporter), command, ct), $"Register {s.Name}");
    }

    /// <summary>Logs the claim with its first attribution in one append, as the API's POST /api/stories/{id}/claims does.</summary>
    private async Task<bool> Log(DemoClaim claim)
    {
        if (await Claim(claim.Key) is not null) return false;
        var first = claim.Attributions.Count > 0 ? Attribution(claim, claim.Attributions[0]) : null;
        var command = new LogClaim(Ids.Claim(claim.Key), Ids.Story, claim.Text, DemoDates.AtMidnight(claim.ClaimedAt));
        return MustAppend(await claims.Log(As(script.Reporter), command, first, ct), $"Log {claim.Key}");
    }

    private async Task<bool> Attribute(DemoClaim claim, DemoAttribution attribution)
    {
        var command = Attribution(claim, attribution);
        if ((await Claim(claim.Key))?.FindAttribution(command.AttributionId) is not null) return false;
        return MustAppend(await claims.AddAttribution(As(script.Reporter), Ids.Claim(claim.Key), command, ct), $"Attribute {claim.Key} to {attribution.Source}");
    }

    private async Task<bool> Propose(DemoClaim claim, DemoVerdict verdict)
    {
        var id = Ids.Verdict(claim.Key, verdict.Key);
        if ((await Claim(claim.Key))?.FindVerdict(id) is not null) return false;
        var command = new ProposeVerdict(id, verdict.Rating, verdict.Summary, [.. verdict.Evidence.Select(e => e.ToEvidence())], verdict.CorrectionNote);
        return MustAppend(await claims.On(As(verdict.ProposedBy), Ids.Claim(claim.Key),
            (c, by, now) => ProposeVerdictDecision.Decide(command, c, by, now, RatingScale.Default), verdict.CorrectionNote, ct), $"Propose on {claim.Key}");
    }

    /// <summary>Approves, rejects or voids a verdict that still stands as <paramref name="expected"/>; past that, the step was done.</summary>
    private async Task<bool> Decide(DemoClaim claim, Guid verdictId, string editor, VerdictOutcome expected, string? reason,
        Func<Claim, Actor, DateTimeOffset, Decision> decide)
    {
        if ((await Claim(claim.Key))?.FindVerdict(verdictId)?.Outcome != expected) return false;
        return MustAppend(await claims.On(As(editor), Ids.Claim(claim.Key), decide, reason, ct), $"Decide on {claim.Key}");
    }

    private async Task<bool> CorrectText(DemoClaim claim, DemoTextCorrection correction)
    {
        var proposed = await Happened(claim.Key, e => e is ClaimTextCorrected t && t.Text == correction.Text || e is TextCorrectionProposed p && p.Text == correction.Text);
        var wrote = !proposed && MustAppend(await claims.On(As(correction.By), Ids.Claim(claim.Key),
            (c, by, now) => CorrectClaimTextDecision.Decide(new(correction.Text, correction.Reason), c, by, now), correction.Reason, ct), $"Correct {claim.Key}");
        // A rated claim's rewording waits for an editor other than its proposer.
        if ((await Claim(claim.Key))?.PendingTextCorrection is { } pending && pending.Text == correction.Text && correction.ApprovedBy is { } editor)
            wrote |= MustAppend(await claims.On(As(editor), Ids.Claim(claim.Key),
                (c, by, now) => DecideTextCorrectionDecision.Decide(new(pending.TextCorrectionId, true), c, by, now), ct: ct), $"Approve the rewording of {claim.Key}");
        return wrote;
    }

    private async Task<bool> Link(DemoLink link)
    {
        var other = Ids.Claim(link.Other);
        if (await Happened(link.Claim, e => e is ClaimLinked l && l.OtherClaimId == other)) return false;
        return MustAppend(await claims.Link(As(link.By), Ids.Claim(link.Claim), new LinkClaims(other, link.Relation, link.Note), ct), $"Link {link.Claim} to {link.Other}");
    }

    private AddAttribution Attribution(DemoClaim claim, DemoAttribution a) =>
        new(Ids.Attribution(claim.Key, a.Key), Ids.Source(a.Source), a.Role, a.Quote, a.Url, a.Via is { } via ? Ids.Attribution(claim.Key, via) : null);

    /// <summary>
    /// Whether the claim's history holds such an event. Its current state would not do: a load after someone
    /// reworded or unlinked a demo claim must not undo their work.
    /// </summary>
    private async Task<bool> Happened(string claimKey, Func<object, bool> match) =>
        (await store.ReadStream(newsroom, Ids.Claim(claimKey), ct: ct)).Any(e => match(e.Data));

    private async Task<Claim?> Claim(string key) => (await store.Load<Claim>(newsroom, Ids.Claim(key), ct))?.State;

    private CommandContext As(string accountKey) =>
        new(Actors.TryGetValue(accountKey, out var actor) ? actor : throw new DemoLoadException($"The demo story names no account '{accountKey}'."),
            CorrelationId: LoadId);

    /// <summary>A refused command means the data file breaks a rule: stop and say which step and why.</summary>
    public static bool MustAppend(CommandOutcome? outcome, string step) => outcome switch
    {
        CommandOutcome.Appended => true,
        CommandOutcome.Rejected r => throw new DemoLoadException($"{step}: refused ({r.Rejection.Field ?? "-"}, {r.Rejection.Rule}): {r.Rejection.Message}"),
        CommandOutcome.Stale => throw new DemoLoadException($"{step}: someone changed it while the demo was loading; load the demo again."),
        _ => throw new DemoLoadException($"{step}: not found."),
    };
}
