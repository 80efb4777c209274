using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>Carries every detail as it should read after the correction.</summary>
public sealed record CorrectSourceDetails(SourceKind Kind, string Name, string? Url, string? Outlet, string? Author, DateTimeOffset? PublishedAt, string Reason)
{
    public SourceDetails Details() => new(Kind, Name, Url, Outlet, Author, PublishedAt);
}

public static class CorrectSourceDetailsDecision
{
    public static Decision Decide(CorrectSourceDetails command, Source source, Actor by, DateTimeOffset now)
    {
        if (Check.First(
                source.MustExist(),
                command.Details().Validate(now),
                Check.Text("reason", command.Reason, TextLimits.Note)) is { } rejection)
            return rejection;
        if (command.Details() == source.Details) return Decision.Invalid("details", "unchanged", "These are the source's details already.");
        return Decision.Accept(new SourceDetailsCorrected(
            command.Kind, command.Name, command.Url, command.Outlet, command.Author, command.PublishedAt, command.Reason));
    }
}
