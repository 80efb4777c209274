using Tracker.EventStore;

namespace Tracker.EventStore.Tests.Store;

public sealed record NoteTaken(string Text);
public sealed record NoteAmended(string Text, int Revision);

/// <summary>A tiny aggregate for the store's own tests: the notes of a stream, in order.</summary>
public sealed record Notebook(IReadOnlyList<string> Notes) : IEvolvingState<Notebook>
{
    public static Notebook Initial => new([]);

    public static Notebook Evolve(Notebook state, StoredEvent e) => e.Data switch
    {
        NoteTaken n => new([.. state.Notes, n.Text]),
        NoteAmended a => new([.. state.Notes.SkipLast(1), a.Text]),
        _ => state,
    };
}

/// <summary>A clock the test moves by hand, so time travel has exact moments to stop at.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
