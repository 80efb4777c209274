using System.Globalization;
using Tracker.Hosting;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// The <c>checkpoints</c> configuration section (docs/audit.md): how often checkpoints are taken automatically, where the
/// signing keys and the file copy live (the data folder unless configured), and the witness URL, if any.
/// </summary>
public sealed record CheckpointOptions(TimeSpan Interval, string KeyFolder, string File, Uri? WitnessUrl)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);

    public static CheckpointOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("checkpoints");
        var data = DataFolder.Resolve(configuration);
        var interval = section["interval"] is { Length: > 0 } text
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero
                ? parsed
                : throw new BadSettingException($"checkpoints:interval '{text}' is not a time span such as 00:10:00 (00:00:00 turns automatic checkpoints off).")
            : DefaultInterval;
        Uri? witness = null;
        if (section["witnessUrl"] is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out witness) && witness.Scheme is "http" or "https"))
            throw new BadSettingException($"checkpoints:witnessUrl '{url}' is not an absolute http or https URL.");
        return new CheckpointOptions(interval,
            Path.GetFullPath(section["keyFolder"] is { Length: > 0 } keys ? keys : Path.Combine(data, "checkpoint-keys")),
            Path.GetFullPath(section["file"] is { Length: > 0 } file ? file : Path.Combine(data, "checkpoints.jsonl")),
            witness);
    }
}
