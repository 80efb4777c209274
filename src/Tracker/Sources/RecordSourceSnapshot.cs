using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>The SHA-256 of the content as read, in hex; capturedAt when the capture was earlier than the recording.</summary>
public sealed record RecordSourceSnapshot(string? ArchiveUrl, string ContentSha256, DateTimeOffset? CapturedAt);

public static class RecordSourceSnapshotDecision
{
    public static Decision Decide(RecordSourceSnapshot command, Source source, Actor by, DateTimeOffset now)
    {
        // Lower case, so the same content always records the same hash.
        var sha256 = command.ContentSha256?.ToLowerInvariant();
        if (Check.First(
                source.MustExist(),
                Check.Url("archiveUrl", command.ArchiveUrl),
                IsSha256(sha256) ? null : new(RejectionKind.BrokenRule, "contentSha256", "sha256", "contentSha256 must be 64 hexadecimal characters."),
                WorldTime.NotInFuture("capturedAt", command.CapturedAt, now)) is { } rejection)
            return rejection;
        return Decision.Accept(new SourceSnapshotRecorded(command.ArchiveUrl, sha256!, command.CapturedAt));
    }

    private static bool IsSha256(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);
}
