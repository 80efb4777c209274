using DiffPlex;

namespace Tracker.Replay;

public enum WordOp { Equal, Deleted, Inserted }

/// <summary>A run of words the two texts share, or that only the earlier (deleted) or the later (inserted) one has.</summary>
public sealed record WordRun(WordOp Op, string Text);

/// <summary>A text before and after, with the word-level changes between them (equal and deleted runs spell the before, equal and inserted the after).</summary>
public sealed record TextChange(string? Before, string? After, IReadOnlyList<WordRun> Words);

public static class WordDiff
{
    // Punctuation is split off so "April," and "April 2025" share the word April.
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', '.', ';', ':', '!', '?', '"', '(', ')'];

    /// <summary>Null when the text did not change.</summary>
    public static TextChange? Between(string? before, string? after)
    {
        if (before == after) return null;
        var diff = new Differ().CreateWordDiffs(before ?? "", after ?? "", false, Separators);
        var runs = new List<WordRun>();
        var old = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(runs, WordOp.Equal, diff.PiecesOld, old, block.DeleteStartA - old);
            Add(runs, WordOp.Deleted, diff.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Add(runs, WordOp.Inserted, diff.PiecesNew, block.InsertStartB, block.InsertCountB);
            old = block.DeleteStartA + block.DeleteCountA;
        }
        Add(runs, WordOp.Equal, diff.PiecesOld, old, diff.PiecesOld.Length - old);
        return new TextChange(before, after, runs);
    }

    /// <summary>Appends pieces as one run, merged into the previous run when it has the same op.</summary>
    private static void Add(List<WordRun> runs, WordOp op, string[] pieces, int start, int count)
    {
        if (count <= 0) return;
        var text = string.Concat(pieces.Skip(start).Take(count));
        if (runs.Count > 0 && runs[^1].Op == op) runs[^1] = runs[^1] with { Text = runs[^1].Text + text };
        else runs.Add(new WordRun(op, text));
    }
}
