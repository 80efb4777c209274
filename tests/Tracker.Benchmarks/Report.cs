using System.Globalization;
using System.Net;
using System.Text;
using Spectre.Console;

namespace Tracker.Benchmarks;

/// <summary>The figures as a terminal table and bar chart, and as docs/benchmarks.md with an SVG chart beside it.</summary>
public static class Report
{
    public static void Print(IReadOnlyList<Figure> figures)
    {
        var table = new Table().Title("Tracker against plain Marten and PostgreSQL's own limit")
            .AddColumns("Figure", "Ours", "Plain Marten", "Raw limit", "Ratio to raw", "Target", "Ours ÷ Marten", "Marten ÷ raw", "Met", "Detail");
        foreach (var f in figures)
            table.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Ours), Markup.Escape(f.Plain), Markup.Escape(f.Raw), Num(f.Ratio), Markup.Escape(f.TargetText),
                Markup.Escape(PlainText(f)), f.PlainVsRaw is { } m ? Num(m) : "—", f.Met ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(f.Detail));
        AnsiConsole.Write(table);
        var chart = new BarChart().Label("Ratio to target (1.0 = target exactly; above 1 is better)").Width(90);
        foreach (var f in figures) chart.AddItem(f.Name, Math.Round(Score(f), 2), f.Met ? Color.Green : Color.Red);
        AnsiConsole.Write(chart);
    }

    private static string Num(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Ours as a fraction of plain Marten (1.0 = as fast as Marten), with its floor where the issue sets one.</summary>
    public static string PlainText(Figure f) => f.PlainRatio is not { } r ? "—"
        : f.PlainTarget is { } t ? $"{Num(r)} (≥ {t:0.0#})" : Num(r);

    /// <summary>How far past its target a figure is, on one scale for throughput and time alike: above 1 is met.</summary>
    public static double Score(Figure f) => f.Better == Better.Higher ? f.Ratio / f.Target : f.Target / Math.Max(f.Ratio, 1e-9);

    public static void Write(string folder, IReadOnlyList<Figure> figures, string command, string machine)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "benchmarks.svg"), Svg(figures));
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine("Each figure is a ratio against the raw limit measured in the same run, on the same database, so it holds on a noisy machine; " +
            "\"plain Marten\" is the same work through Marten's own API without our hash chain and rules (for HTTP writes, plain Wolverine+Marten " +
            "endpoints doing the same appends in the same host). \"Ours ÷ Marten\" is ours as a fraction of " +
            "Marten's speed (1.0 = as fast); \"Marten ÷ raw\" is Marten on the raw ratio's scale.").AppendLine();
        md.AppendLine($"Produced by `{command}` on {machine}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        md.AppendLine("![Each figure against its target](benchmarks.svg)").AppendLine();
        md.AppendLine("| figure | ours | plain Marten | raw limit | ratio to raw | target | ours ÷ Marten | Marten ÷ raw | met | detail |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var f in figures)
            md.AppendLine($"| {f.Name} | {f.Ours} | {f.Plain} | {f.Raw} | {Num(f.Ratio)} | {f.TargetText} | {PlainText(f)} | {(f.PlainVsRaw is { } m ? Num(m) : "—")} | {(f.Met ? "yes" : "**no**")} | {f.Detail} |");
        File.WriteAllText(Path.Combine(folder, "benchmarks.generated.md"), md.ToString());
    }

    /// <summary>A horizontal bar per figure, scored against its target (the dashed line at 1.0).</summary>
    public static string Svg(IReadOnlyList<Figure> figures)
    {
        const int left = 330, width = 420, row = 34, top = 40;
        var max = Math.Max(2.0, figures.Max(Score) * 1.1);
        double X(double score) => left + width * Math.Min(score, max) / max;
        var height = top + row * figures.Count + 40;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 260}" height="{height}" font-family="sans-serif" font-size="13" role="img" aria-labelledby="t d">""");
        svg.AppendLine("""<title id="t">Tracker benchmarks against their targets</title><desc id="d">One bar per figure: its ratio to the raw limit divided by the target; past the dashed line the target is met.</desc>""");
        svg.AppendLine("""<text x="10" y="22" font-weight="bold">Each figure against its target (ratio ÷ target; right of the dashed line = met)</text>""");
        for (var i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            var y = top + i * row;
            var score = Score(f);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{left - 8}" y="{y + 17}" text-anchor="end">{WebUtility.HtmlEncode(f.Name)}</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="{y + 4}" width="{X(score) - left:0.0}" height="{row - 12}" fill="{(f.Met ? "#2e7d32" : "#c62828")}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(score) + 6:0.0}" y="{y + 17}">{f.Ratio:0.00} (target {WebUtility.HtmlEncode(f.TargetText)}){(f.PlainRatio is { } r ? $"; {r:0.00} of Marten" : "")}</text>""");
        }
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{X(1):0.0}" y1="{top - 6}" x2="{X(1):0.0}" y2="{top + row * figures.Count}" stroke="#333" stroke-dasharray="4 3"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(1):0.0}" y="{top + row * figures.Count + 18}" text-anchor="middle">target</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
