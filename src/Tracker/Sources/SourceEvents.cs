using Tracker.EventStore;

namespace Tracker.Sources;

/// <summary>What a source is: a published piece, or a person or organization who speaks.</summary>
public enum SourceKind { Article, Broadcast, Post, Document, Poll, Dataset, Person, Organization }

public sealed record SourceRegistered(SourceKind Kind, string Name, string? Url, string? Outlet, string? Author, DateTimeOffset? PublishedAt);

/// <summary>The full corrected details, not a diff: the details before are the state this event follows.</summary>
public sealed record SourceDetailsCorrected(SourceKind Kind, string Name, string? Url, string? Outlet, string? Author, DateTimeOffset? PublishedAt, string Reason);

/// <summary>What the source said when we read it: its hash, and where an archived copy lives.</summary>
public sealed record SourceSnapshotRecorded(string? ArchiveUrl, string ContentSha256, DateTimeOffset? CapturedAt);

/// <summary>The outlet pulled or corrected the piece.</summary>
public sealed record SourceRetracted(string Note);

public static class SourceEventTypes
{
    public const string StreamType = "source";

    public static EventTypeRegistry Register(EventTypeRegistry registry) => registry
        .Register<SourceRegistered>("source_registered")
        .Register<SourceDetailsCorrected>("source_details_corrected")
        .Register<SourceSnapshotRecorded>("source_snapshot_recorded")
        .Register<SourceRetracted>("source_retracted");
}
