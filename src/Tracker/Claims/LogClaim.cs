using Tracker.Commands;
using Tracker.Stories;

namespace Tracker.Claims;

/// <summary>Logs a claim under an id the caller chose; claimedAt is when it was said in the world, when known.</summary>
public sealed record LogClaim(Guid ClaimId, Guid StoryId, string Text, DateTimeOffset? ClaimedAt);

public static class LogClaimDecision
{
    /// <param name="story">The story the claim belongs to, or null when this newsroom has no such story.</param>
    public static Decision Decide(LogClaim command, Claim claim, Story? story, Actor by, DateTimeOffset now)
    {
        if (claim.IsLogged) return Decision.Conflict("already_logged", "This claim is already logged.", "claimId");
        if (story is not { IsOpened: true } || story.Id != command.StoryId) return Decision.NotFound("storyId", "No such story.");
        if (story.IsClosed) return Decision.Conflict("story_closed", "This story is closed; reopen it to log claims.", "storyId");
        if (Check.First(
                Check.Text("text", command.Text, TextLimits.ClaimText),
                WorldTime.NotInFuture("claimedAt", command.ClaimedAt, now)) is { } rejection)
            return rejection;
        return Decision.Accept(new ClaimLogged(command.StoryId, command.Text, command.ClaimedAt));
    }
}
