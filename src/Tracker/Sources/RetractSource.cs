using Tracker.Commands;

namespace Tracker.Sources;

/// <summary>Records that the outlet pulled or corrected the piece. Attributions to it stand: what it said is still history.</summary>
public sealed record RetractSource(string Note);

public static class RetractSourceDecision
{
    public static Decision Decide(RetractSource command, Source source, Actor by, DateTimeOffset now)
    {
        if (source.MustExist() is { } missing) return missing;
        if (source.IsRetracted) return Decision.Conflict("already_retracted", "This source is already recorded as retracted.");
        if (Check.Text("note", command.Note, TextLimits.Note) is { } rejection) return rejection;
        return Decision.Accept(new SourceRetracted(command.Note));
    }
}
