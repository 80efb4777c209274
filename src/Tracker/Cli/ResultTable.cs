using Spectre.Console;

namespace Tracker.Cli;

/// <summary>
/// Rows of results. On a terminal, a drawn table whose id columns never wrap (a wrapped id cannot be pasted); piped or
/// redirected, one tab-separated line per row after a header line, so <c>cut -f3</c> and <c>grep</c> see whole ids
/// and nothing is cut at an assumed 80 columns.
/// </summary>
public sealed class ResultTable(params string[] columns)
{
    private readonly List<string[]> rows = [];
    private readonly HashSet<string> whole = [];

    /// <summary>Columns whose values are never wrapped on a terminal (ids, hashes).</summary>
    public ResultTable Whole(params string[] names)
    {
        whole.UnionWith(names);
        return this;
    }

    /// <summary>A row of plain text (not markup), one value per column.</summary>
    public void Add(params string?[] values) => rows.Add([.. values.Select(v => v ?? "")]);

    public void Write()
    {
        if (Console.IsOutputRedirected)
        {
            // Tabs and line breaks inside a value would break the line's columns.
            static string Cell(string v) => v.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
            Console.Out.WriteLine(string.Join('\t', columns));
            foreach (var row in rows) Console.Out.WriteLine(string.Join('\t', row.Select(Cell)));
            return;
        }
        var table = new Table();
        foreach (var name in columns)
        {
            var column = new TableColumn(Markup.Escape(name));
            table.AddColumn(whole.Contains(name) ? column.NoWrap() : column);
        }
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }
}
