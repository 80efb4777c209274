namespace Tracker.Benchmarks;

/// <summary>Whether a bigger ratio is better (throughput) or a smaller one (time).</summary>
public enum Better { Higher, Lower }

/// <summary>One measured figure: ours against the raw limit measured in the same run on the same database.</summary>
public sealed record Figure(string Name, string Ours, string Raw, double Ratio, double Target, Better Better, string Detail = "")
{
    /// <summary>The same work through plain Marten (no hash chain, no projections of ours), where measured.</summary>
    public string? Plain { get; init; }

    /// <summary>Ours against plain Marten: how much our layer costs over Marten's own.</summary>
    public double? PlainRatio { get; init; }

    public bool Met => Better == Better.Higher ? Ratio >= Target : Ratio <= Target;

    public string TargetText => Better == Better.Higher ? $"≥ {Target:0.0#}" : $"≤ {Target:0.0#}";
}

/// <summary>Sizes: the full run the docs quote, or a quick one to check the program works.</summary>
public sealed record Sizes(TimeSpan AppendDuration, int BulkEvents, int BulkStreams, int TimeTravelEvents, int ExportSmall, int ExportLarge, TimeSpan LagDuration)
{
    public static Sizes Full => new(TimeSpan.FromSeconds(15), 100_000, 1_000, 1_000, 100_000, 1_000_000, TimeSpan.FromSeconds(20));
    public static Sizes Quick => new(TimeSpan.FromSeconds(3), 10_000, 100, 1_000, 10_000, 50_000, TimeSpan.FromSeconds(5));
}
