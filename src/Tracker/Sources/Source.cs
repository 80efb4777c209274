using JasperFx.Core;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Sources;

/// <summary>A snapshot as recorded; <see cref="RecordedAt"/> stands in when the capture time was not given.</summary>
public sealed record SourceSnapshot(string? ArchiveUrl, string ContentSha256, DateTimeOffset? CapturedAt, DateTimeOffset RecordedAt);

public sealed record Source : IEvolvingState<Source>
{
    public Guid Id { get; init; }
    public SourceDetails Details { get; init; } = new(SourceKind.Article, "", null, null, null, null);
    public DateTimeOffset RegisteredAt { get; init; }
    public ImmutableList<SourceSnapshot> Snapshots { get; init; } = [];
    public bool IsRetracted { get; init; }
    public string? RetractionNote { get; init; }

    [JsonIgnore]
    public bool IsRegistered => Id != Guid.Empty;

    public static Source Initial { get; } = new();

    [JasperFxIgnore] // folded by Tracker's own projections, not by an evolver Marten generates
    public static Source Evolve(Source source, StoredEvent e) => e.Data switch
    {
        SourceRegistered r => source with
        {
            Id = e.StreamId,
            Details = new(r.Kind, r.Name, r.Url, r.Outlet, r.Author, r.PublishedAt),
            RegisteredAt = e.RecordedAt,
        },
        SourceDetailsCorrected c => source with { Details = new(c.Kind, c.Name, c.Url, c.Outlet, c.Author, c.PublishedAt) },
        SourceSnapshotRecorded s => source with { Snapshots = source.Snapshots.Add(new(s.ArchiveUrl, s.ContentSha256, s.CapturedAt, e.RecordedAt)) },
        SourceRetracted r => source with { IsRetracted = true, RetractionNote = r.Note },
        _ => source,
    };

    internal Rejection? MustExist() =>
        IsRegistered ? null : new(RejectionKind.NotFound, "sourceId", "not_found", "No such source.");
}
