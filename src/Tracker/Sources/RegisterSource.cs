using Tracker.Commands;

namespace Tracker.Sources;

public sealed record RegisterSource(Guid SourceId, SourceKind Kind, string Name, string? Url, string? Outlet, string? Author, DateTimeOffset? PublishedAt)
{
    public SourceDetails Details() => new(Kind, Name, Url, Outlet, Author, PublishedAt);
}

public static class RegisterSourceDecision
{
    public static Decision Decide(RegisterSource command, Source source, Actor by, DateTimeOffset now)
    {
        if (source.IsRegistered) return Decision.Conflict("already_registered", "This source is already registered.", "sourceId");
        if (command.Details().Validate(now) is { } rejection) return rejection;
        return Decision.Accept(new SourceRegistered(command.Kind, command.Name, command.Url, command.Outlet, command.Author, command.PublishedAt));
    }
}
