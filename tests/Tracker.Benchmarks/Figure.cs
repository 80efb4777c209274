namespace Tracker.Benchmarks;

/// <summary>Whether a bigger ratio is better (throughput) or a smaller one (time).</summary>
public enum Better { Higher, Lower }

/// <summary>
/// One measured figure: ours against the raw PostgreSQL limit measured in the same run on the same database, and beside
/// it the same work through plain Marten (no hash chain, no rules of ours), so the table shows what our layer costs over
/// Marten and what Marten costs over PostgreSQL. For HTTP writes the plain side is Wolverine+Marten endpoints doing the
/// same appends (<see cref="PlainEndpoints"/>). <see cref="PlainRatio"/> is ours ÷ plain (null where the work has no plain
/// counterpart); <see cref="PlainTarget"/> is its floor, where the issue sets one.
/// </summary>
public sealed record Figure(string Name, string Ours, string Plain, string Raw, double Ratio, double Target, Better Better, string Detail = "")
{
    public double? PlainRatio { get; init; }
    public double? PlainTarget { get; init; }
    /// <summary>Plain Marten against raw, on the same scale as <see cref="Ratio"/>.</summary>
    public double? PlainVsRaw { get; init; }

    public bool RawMet => Better == Better.Higher ? Ratio >= Target : Ratio <= Target;

    public bool PlainMet => PlainTarget is not { } t || PlainRatio is not { } r || r >= t;

    /// <summary>A condition beside the ratio failed (events skipped by a projection).</summary>
    public bool Failed { get; init; }

    public bool Met => RawMet && PlainMet && !Failed;

    public string TargetText => Better == Better.Higher ? $"≥ {Target:0.0#}" : $"≤ {Target:0.0#}";
}

/// <summary>Sizes: the full run the docs quote, or a quick one to check the program works.</summary>
public sealed record Sizes(TimeSpan AppendDuration, int BulkEvents, int BulkStreams, int TimeTravelEvents, int ExportSmall, int ExportLarge, TimeSpan LagDuration)
{
    public static Sizes Full => new(TimeSpan.FromSeconds(15), 100_000, 1_000, 1_000, 100_000, 1_000_000, TimeSpan.FromSeconds(20));
    public static Sizes Quick => new(TimeSpan.FromSeconds(3), 10_000, 100, 1_000, 10_000, 50_000, TimeSpan.FromSeconds(5));
}
