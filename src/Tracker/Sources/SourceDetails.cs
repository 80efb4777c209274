using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>What identifies a source well enough for a reader to find it again.</summary>
public sealed record SourceDetails(SourceKind Kind, string Name, string? Url, string? Outlet, string? Author, DateTimeOffset? PublishedAt)
{
    /// <summary>Registration and correction accept the same details under the same rules.</summary>
    public Rejection? Validate(DateTimeOffset now) => Check.First(
        Check.Text("name", Name, TextLimits.Title),
        Check.Url("url", Url),
        Check.Text("outlet", Outlet, TextLimits.Title, required: false),
        Check.Text("author", Author, TextLimits.Title, required: false),
        WorldTime.NotInFuture("publishedAt", PublishedAt, now));
}
