using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tracker.Tests.Audit;

/// <summary>docs/audit-verify.py run on an export, a checkpoints.jsonl and a public key, as an outsider would.</summary>
public static partial class StandaloneVerifier
{
    public static readonly string Script = Path.Combine(RepositoryRoot(), "docs", "audit-verify.py");

    public sealed record Outcome(int Exit, string Output)
    {
        /// <summary>(stream, kind) for each stream the script names against a checkpoint.</summary>
        public IReadOnlyList<(Guid Stream, string Kind)> Streams =>
            [.. StreamLine().Matches(Output).Select(m => (Guid.Parse(m.Groups[1].Value), m.Groups[2].Value))];

        /// <summary>(checkpoint, kind) for each checkpoint the script refuses.</summary>
        public IReadOnlyList<(long Checkpoint, string Kind)> Checkpoints =>
            [.. CheckpointLine().Matches(Output).Select(m => (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value))];
    }

    public static async Task<Outcome> Run(string events, string? checkpoints = null, string? keyPem = null)
    {
        var folder = Directory.CreateTempSubdirectory("tracker-audit-py-").FullName;
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(await Save(folder, "events.ndjson", events));
            if (checkpoints is not null)
            {
                start.ArgumentList.Add("--checkpoints");
                start.ArgumentList.Add(await Save(folder, "checkpoints.jsonl", checkpoints));
                start.ArgumentList.Add("--key");
                start.ArgumentList.Add(await Save(folder, "key.pem", keyPem!));
            }
            using var python = Process.Start(start)!;
            var output = python.StandardOutput.ReadToEndAsync();
            var errors = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            return new Outcome(python.ExitCode, await output + errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Save(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [GeneratedRegex(@"stream ([0-9a-f-]{36})(?: \([^)]*\))? version \d+: (missing|truncated|rewritten|backdated):")]
    private static partial Regex StreamLine();

    [GeneratedRegex(@"checkpoint (\d+) \([^)]*\): (signature|heads):")]
    private static partial Regex CheckpointLine();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tracker.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tracker.sln not found above the test binaries");
    }
}
