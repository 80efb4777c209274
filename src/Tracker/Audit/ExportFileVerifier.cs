using System.Text;
using Tracker.EventStore.Verification;
using Tracker.Exports;

namespace Tracker.Audit;

/// <summary>
/// Checks an events.ndjson file on its own, with no database: every line is read back into its chain link and
/// walked through the same <see cref="ChainVerifier"/> the store uses. A full export must start every stream at
/// version 1; a filtered one (a time window or a resumed download) may start a stream later, so its first link's
/// prevHash is taken on trust. What a file alone cannot show is a stream's last events cut off: compare the
/// heads with <c>GET /api/audit/verify</c> or another copy for that.
/// </summary>
public static class ExportFileVerifier
{
    /// <param name="alsoCheck">A further check of each readable line (an import's: can this installation keep it?); a text is a problem.</param>
    public static async Task<VerificationReport> Verify(Stream export, bool partial, IProgress<long>? bytesRead = null, CancellationToken ct = default,
        Func<ExportedEvent, string?>? alsoCheck = null)
    {
        var chains = new ChainVerifier(allowPartialStreams: partial);
        var unreadable = new List<ChainFailure>();
        // A byte that is not UTF-8 decodes to U+FFFD, so the line's hash no longer matches: reported, not thrown.
        using var reader = new StreamReader(export, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        long lineNumber = 0, lastSeq = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) is not null)
        {
            lineNumber++;
            if (lineNumber % 1000 == 0 && export.CanSeek) bytesRead?.Report(export.Position);
            if (line.Length == 0) continue;
            try
            {
                var e = EventLine.Parse(line);
                // seq is not hashed; it only orders the file and resumes downloads, so it must still rise line by line.
                if (e.Seq <= lastSeq)
                    unreadable.Add(new(e.Link.Tenant, e.Link.StreamId, e.Link.Version, $"line {lineNumber}: seq {e.Seq} does not follow seq {lastSeq}"));
                lastSeq = Math.Max(lastSeq, e.Seq);
                chains.Add(e.Link, e.Hash, $"line {lineNumber}");
                if (alsoCheck?.Invoke(e) is { } problem) unreadable.Add(new(e.Link.Tenant, e.Link.StreamId, e.Link.Version, $"line {lineNumber}: {problem}"));
            }
            catch (EventLineException bad)
            {
                unreadable.Add(new(bad.Tenant, bad.StreamId, bad.Version, $"line {lineNumber}: {bad.Message}"));
            }
        }
        if (export.CanSeek) bytesRead?.Report(export.Position);
        var report = chains.Report();
        // A download cut off before its first line, or an empty file, is not a record that verifies.
        if (!partial && report.Events == 0)
            unreadable.Add(new("", Guid.Empty, 0, "the file holds no events: a full export starts with its newsroom's newsroom_opened event"));
        return report with { Failures = [.. unreadable, .. report.Failures] };
    }

    public static async Task<VerificationReport> Verify(string path, bool partial, IProgress<long>? bytesRead = null, CancellationToken ct = default,
        Func<ExportedEvent, string?>? alsoCheck = null)
    {
        await using var file = File.OpenRead(path);
        return await Verify(file, partial, bytesRead, ct, alsoCheck);
    }
}
