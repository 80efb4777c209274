using JasperFx.Core;
using Tracker.EventStore;
using Tracker.Verdicts;

namespace Tracker.Claims;

public sealed partial record Claim
{
    [JasperFxIgnore] // folded by Tracker's own projections, not by an evolver Marten generates
    public static Claim Evolve(Claim claim, StoredEvent e)
    {
        var by = ActorLabel.NameOf(e.Metadata.Actor);
        return e.Data switch
        {
            ClaimLogged logged => claim with
            {
                Id = e.StreamId,
                StoryId = logged.StoryId,
                Text = logged.Text,
                ClaimedAt = logged.ClaimedAt,
                LoggedAt = e.RecordedAt,
                LoggedBy = by,
            },
            AttributionAdded a => claim with
            {
                Attributions = claim.Attributions.Add(new(a.AttributionId, a.SourceId, a.Role, a.Quote, a.Url, a.Via, by, e.RecordedAt)),
            },
            AttributionWithdrawn withdrawn => claim.Withdraw(withdrawn, e, by),
            ClaimTextCorrected corrected => claim.CorrectText(corrected, e, by),
            TextCorrectionProposed proposed => claim with
            {
                PendingTextCorrection = new(proposed.TextCorrectionId, proposed.Text, proposed.Reason, proposed.ProposedBy, by, e.RecordedAt),
            },
            TextCorrectionApproved approved when claim.PendingTextCorrection is { } pending && pending.TextCorrectionId == approved.TextCorrectionId =>
                (claim with { PendingTextCorrection = null, Text = pending.Text })
                    .Corrected(e, CorrectionKind.TextCorrected, "text", claim.Text, pending.Text, pending.Reason, by),
            TextCorrectionRejected rejected when claim.PendingTextCorrection?.TextCorrectionId == rejected.TextCorrectionId =>
                claim with { PendingTextCorrection = null },
            VerdictProposed proposed => claim with { Verdicts = claim.Verdicts.Add(Verdict.Proposed(proposed, by, e.RecordedAt)) },
            VerdictApproved approved => claim.Publish(approved, e, by),
            VerdictRejected rejected => claim.UpdateVerdict(rejected.VerdictId,
                v => v.Closed(VerdictOutcome.Rejected, rejected.RejectedBy, by, e.RecordedAt, rejected.Reason)),
            VerdictVoided voided => claim.Void(voided, e, by),
            ClaimLinked linked => claim with
            {
                Links = claim.Links.Add(new(linked.OtherClaimId, linked.Relation, linked.Inverse, linked.Note, by, e.RecordedAt)),
            },
            ClaimUnlinked unlinked => claim with { Links = claim.Links.RemoveAll(l => l.OtherClaimId == unlinked.OtherClaimId) },
            ClaimArchived archived => claim with { IsArchived = true, ArchiveReason = archived.Reason },
            ClaimRestored => claim with { IsArchived = false, ArchiveReason = null },
            ClaimAssigned assigned => claim with { AssigneeId = assigned.AccountId },
            ClaimUnassigned => claim with { AssigneeId = null },
            ClaimTagged tagged => claim with { Tags = claim.Tags.Except(tagged.Removed).Union(tagged.Added) },
            ClaimNoteAdded note => claim with { Notes = claim.Notes.Add(new ClaimNote(note.Text, by, e.RecordedAt)) },
            _ => claim,
        };
    }

    private Claim Withdraw(AttributionWithdrawn withdrawn, StoredEvent e, string by)
    {
        var index = Attributions.FindIndex(a => a.Id == withdrawn.AttributionId);
        if (index < 0) return this;
        var attribution = Attributions[index];
        var claim = this with
        {
            Attributions = Attributions.SetItem(index, attribution with
            {
                Withdrawn = true,
                WithdrawnReason = withdrawn.Reason,
                WithdrawnAt = e.RecordedAt,
            }),
        };
        return PublishedVerdict is null
            ? claim
            : claim.Corrected(e, CorrectionKind.AttributionWithdrawn, "attribution", attribution.Describe(), null, withdrawn.Reason, by);
    }

    private Claim CorrectText(ClaimTextCorrected corrected, StoredEvent e, string by)
    {
        var claim = this with { Text = corrected.Text };
        return PublishedVerdict is null
            ? claim
            : claim.Corrected(e, CorrectionKind.TextCorrected, "text", Text, corrected.Text, corrected.Reason, by);
    }

    /// <summary>Approval publishes; a verdict published before it is superseded, and that is a correction.</summary>
    private Claim Publish(VerdictApproved approved, StoredEvent e, string by)
    {
        if (FindVerdict(approved.VerdictId) is not { } verdict) return this;
        var claim = this;
        if (PublishedVerdict is { } old && old.VerdictId != verdict.VerdictId)
        {
            var superseded = old.Closed(VerdictOutcome.Superseded, approved.ApprovedBy, by, e.RecordedAt, verdict.CorrectionNote);
            claim = claim
                .UpdateVerdict(old.VerdictId, _ => superseded with { SupersededBy = verdict.VerdictId })
                .Corrected(e, CorrectionKind.VerdictSuperseded, "verdict", old.Describe(), verdict.Describe(), verdict.CorrectionNote, by);
        }
        return claim.UpdateVerdict(verdict.VerdictId, v => v with
        {
            Outcome = VerdictOutcome.Published,
            ApprovedBy = approved.ApprovedBy,
            ApprovedByName = by,
            ApprovedAt = e.RecordedAt,
        });
    }

    private Claim Void(VerdictVoided voided, StoredEvent e, string by)
    {
        if (FindVerdict(voided.VerdictId) is not { } verdict) return this;
        return UpdateVerdict(verdict.VerdictId, v => v.Closed(VerdictOutcome.Voided, voided.VoidedBy, by, e.RecordedAt, voided.Reason))
            .Corrected(e, CorrectionKind.VerdictVoided, "verdict", verdict.Describe(), null, voided.Reason, by);
    }

    private Claim UpdateVerdict(Guid verdictId, Func<Verdict, Verdict> update)
    {
        var index = Verdicts.FindIndex(v => v.VerdictId == verdictId);
        return index < 0 ? this : this with { Verdicts = Verdicts.SetItem(index, update(Verdicts[index])) };
    }

    private Claim Corrected(StoredEvent e, CorrectionKind kind, string field, string? before, string? after, string? note, string by) =>
        this with { Corrections = Corrections.Add(new(e.RecordedAt, e.Version, kind, field, before, after, note, by)) };
}
