namespace Tracker.Commands;

/// <summary>
/// How a refusal maps to HTTP: a broken rule 422, a state conflict 409, a right the actor lacks 403, something absent 404,
/// something that was there and is used up or expired (a setup code) 410.
/// </summary>
public enum RejectionKind { BrokenRule, Conflict, Forbidden, NotFound, Gone }

/// <summary>A refused command, as a value: which field, which rule, and a sentence for people.</summary>
public sealed record Rejection(RejectionKind Kind, string? Field, string Rule, string Message);

/// <summary>The outcome of a decide function: the events to append, or why nothing is appended.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<object> Events { get; }
    public Rejection? Rejection { get; }
    public bool IsAccepted => Rejection is null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Invalid(string field, string rule, string message) => new([], new(RejectionKind.BrokenRule, field, rule, message));

    public static Decision Conflict(string rule, string message, string? field = null) => new([], new(RejectionKind.Conflict, field, rule, message));

    public static Decision Forbidden(string rule, string message) => new([], new(RejectionKind.Forbidden, null, rule, message));

    public static Decision NotFound(string field, string message) => new([], new(RejectionKind.NotFound, field, "not_found", message));

    public static implicit operator Decision(Rejection rejection) => new([], rejection);
}
