using System.Text;
using System.Text.Json;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// checkpoints.jsonl: every checkpoint of every newsroom, one JSON line each, appended as it is taken. It lives outside
/// the database (the data folder, or checkpoints:file), so deleting or editing a checkpoint row leaves this copy to
/// compare with.
/// </summary>
public sealed class CheckpointFile(CheckpointOptions options)
{
    public string Path => options.File;

    /// <summary>Appends the line and flushes it to disk before the caller commits the row.</summary>
    public void Append(Checkpoint checkpoint)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(Encoding.UTF8.GetBytes(checkpoint.ToLine() + "\n"));
        file.Flush(flushToDisk: true);
    }

    /// <summary>The newsroom's lines in file order; a line that cannot be read is returned as such (its newsroom unknown).</summary>
    public async Task<IReadOnlyList<CheckpointCopy>> Read(string newsroom, CancellationToken ct)
    {
        var copies = new List<CheckpointCopy>();
        if (!File.Exists(Path)) return copies;
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(Path, ct))
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                var checkpoint = Checkpoint.FromLine(line);
                if (checkpoint.Newsroom == newsroom) copies.Add(new(checkpoint.Sequence, $"file line {number}", checkpoint));
            }
            catch (JsonException e)
            {
                copies.Add(new(0, $"file line {number}", null, $"the line cannot be read: {e.Message}"));
            }
        }
        return copies;
    }
}
