using JasperFx.Core;
using System.Text.Json.Serialization;
using Tracker.Commands;
using Tracker.EventStore;

namespace Tracker.Stories;

/// <summary>An evolving news topic. Closed stories keep their claims but take no new ones.</summary>
public sealed record Story : IEvolvingState<Story>
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public DateTimeOffset OpenedAt { get; init; }
    public bool IsClosed { get; init; }
    public string? ClosingNote { get; init; }

    [JsonIgnore]
    public bool IsOpened => Id != Guid.Empty;

    public static Story Initial { get; } = new();

    [JasperFxIgnore] // folded by Tracker's own projections, not by an evolver Marten generates
    public static Story Evolve(Story story, StoredEvent e) => e.Data switch
    {
        StoryOpened opened => story with { Id = e.StreamId, Title = opened.Title, Summary = opened.Summary, OpenedAt = e.RecordedAt },
        StoryRetitled retitled => story with { Title = retitled.Title },
        StorySummaryRevised revised => story with { Summary = revised.Summary },
        StoryClosed closed => story with { IsClosed = true, ClosingNote = closed.Note },
        StoryReopened => story with { IsClosed = false, ClosingNote = null },
        _ => story,
    };

    /// <summary>Every command but opening needs a story that was opened.</summary>
    internal Rejection? MustExist() =>
        IsOpened ? null : new(RejectionKind.NotFound, "storyId", "not_found", "No such story.");
}
