using System.Globalization;
using System.Net;
using System.Text;
using Tracker.Claims;
using Tracker.Verdicts;

namespace Tracker.Web;

/// <summary>
/// A story's claims on a time axis (the audit clock): one lane per claim, a mark when it was logged, when each
/// verdict was proposed and published, and a red ring for each correction. Plain SVG written on the server,
/// with a title and a description for screen readers; each mark has its own tooltip.
/// </summary>
public static class TimelineSvg
{
    private const int Width = 960, LabelWidth = 230, RightPad = 24, Top = 16, Lane = 26, AxisHeight = 34;

    public sealed record Mark(DateTimeOffset At, string Kind, string Description, string? Rating = null);

    public static IReadOnlyList<Mark> MarksOf(Claim claim)
    {
        var marks = new List<Mark> { new(claim.LoggedAt, "logged", $"Logged by {claim.LoggedBy}") };
        foreach (var v in claim.Verdicts)
        {
            marks.Add(new(v.ProposedAt, "proposed", $"Verdict proposed: {Label(v.Rating)}, by {v.ProposedByName}"));
            if (v.ApprovedAt is { } approved)
                marks.Add(new(approved, "published", $"Verdict published: {Label(v.Rating)}, approved by {v.ApprovedByName}", v.Rating));
        }
        marks.AddRange(claim.Corrections.Select(c => new Mark(c.At, "correction", $"Correction of the {c.Field}: {c.Note}")));
        return marks;
    }

    /// <param name="cursor">A moment to mark with a vertical line (the replay's current step).</param>
    public static string Render(string title, IReadOnlyList<Claim> claims, DateTimeOffset? cursor = null, string id = "timeline")
    {
        var lanes = claims.Select(c => (Claim: c, Marks: MarksOf(c))).ToList();
        var times = lanes.SelectMany(l => l.Marks.Select(m => m.At)).Concat(cursor is { } c0 ? [c0] : []).ToList();
        var height = Top + Math.Max(lanes.Count, 1) * Lane + AxisHeight;
        var (from, to) = times.Count == 0 ? (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1)) : (times.Min(), times.Max());
        var span = to - from;
        if (span < TimeSpan.FromMilliseconds(100)) span = TimeSpan.FromMilliseconds(100);
        from -= span * 0.03;
        to = from + span * 1.06;
        double X(DateTimeOffset t) => LabelWidth + (Width - LabelWidth - RightPad) * ((t - from) / (to - from));

        var corrections = claims.Sum(c => c.Corrections.Count);
        var verdicts = claims.Sum(c => c.Verdicts.Count(v => v.ApprovedAt is not null));
        var description = times.Count == 0
            ? "No claims yet."
            : $"{claims.Count} claim{Plural(claims.Count)}, {verdicts} published verdict{Plural(verdicts)} and {corrections} correction{Plural(corrections)}, " +
              $"recorded between {Dates.Full(times.Min())} and {Dates.Full(times.Max())}.";

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"timeline\" id=\"{id}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");

        var axisY = Top + Math.Max(lanes.Count, 1) * Lane + 4;
        foreach (var tick in Ticks(from, to))
        {
            var x = X(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{x:0.#}\" y1=\"{Top - 6}\" x2=\"{x:0.#}\" y2=\"{axisY}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x:0.#}\" y=\"{axisY + 18}\" text-anchor=\"middle\">{E(TickLabel(tick, to - from))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{LabelWidth}\" y1=\"{axisY}\" x2=\"{Width - RightPad}\" y2=\"{axisY}\"/>");

        for (var i = 0; i < lanes.Count; i++)
        {
            var (claim, marks) = lanes[i];
            var y = Top + i * Lane + Lane / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"lane\" x1=\"{LabelWidth}\" y1=\"{y}\" x2=\"{Width - RightPad}\" y2=\"{y}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<a href=\"/claims/{claim.Id}\"><text x=\"6\" y=\"{y + 4}\"><title>{E(claim.Text)}</title>{E(Shorten(claim.Text, 34))}</text></a>");
            // Past the cursor is what had not happened yet at the moment shown: drawn faint.
            foreach (var mark in marks.OrderBy(m => m.Kind == "correction" ? 1 : 0))
                svg.Append(Shape(mark, X(mark.At), y, later: mark.At > cursor));
        }

        if (cursor is { } at)
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"cursor\" x1=\"{X(at):0.#}\" y1=\"{Top - 8}\" x2=\"{X(at):0.#}\" y2=\"{axisY}\"><title>Shown as of {E(Dates.Full(at))}</title></line>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shape(Mark mark, double x, int y, bool later)
    {
        var tip = $"<title>{E(mark.Description)} · {E(Dates.Full(mark.At))}</title>";
        var shape = mark.Kind switch
        {
            "published" => string.Create(CultureInfo.InvariantCulture,
                $"<rect class=\"r-{E(mark.Rating ?? "")}\" x=\"{x - 6:0.#}\" y=\"{y - 6}\" width=\"12\" height=\"12\" transform=\"rotate(45 {x:0.#} {y})\">{tip}</rect>"),
            "correction" => string.Create(CultureInfo.InvariantCulture, $"<circle class=\"correction\" cx=\"{x:0.#}\" cy=\"{y}\" r=\"10\">{tip}</circle>"),
            _ => string.Create(CultureInfo.InvariantCulture, $"<circle class=\"{mark.Kind}\" cx=\"{x:0.#}\" cy=\"{y}\" r=\"5\">{tip}</circle>"),
        };
        return later ? $"<g class=\"later\">{shape}</g>" : shape;
    }

    private static IEnumerable<DateTimeOffset> Ticks(DateTimeOffset from, DateTimeOffset to)
    {
        const int count = 5;
        for (var i = 0; i < count; i++) yield return from + (to - from) * ((i + 0.5) / count);
    }

    private static string TickLabel(DateTimeOffset t, TimeSpan span) => t.UtcDateTime.ToString(
        span > TimeSpan.FromDays(3) ? "d MMM" : span > TimeSpan.FromHours(3) ? "d MMM HH:mm" : span > TimeSpan.FromSeconds(10) ? "HH:mm:ss" : span > TimeSpan.FromSeconds(1) ? "HH:mm:ss.f" : "HH:mm:ss.fff",
        CultureInfo.InvariantCulture);

    private static string Label(string rating) => RatingScale.Default.Find(rating)?.Label ?? rating;

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string Plural(int n) => n == 1 ? "" : "s";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
