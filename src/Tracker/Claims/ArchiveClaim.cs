using Tracker.Commands;

namespace Tracker.Claims;

/// <summary>Takes a claim out of circulation; it keeps its history and verdicts, and accepts nothing until restored.</summary>
public sealed record ArchiveClaim(string Reason);

public static class ArchiveClaimDecision
{
    public static Decision Decide(ArchiveClaim command, Claim claim, Actor by, DateTimeOffset now)
    {
        if (Check.First(claim.MustAcceptChanges(), Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return rejection;
        return Decision.Accept(new ClaimArchived(command.Reason));
    }
}
