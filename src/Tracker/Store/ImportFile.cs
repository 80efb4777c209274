using System.Runtime.CompilerServices;
using System.Text;
using Tracker.Audit;
using Tracker.EventStore.Verification;
using Tracker.Exports;

namespace Tracker.Store;

/// <summary>
/// An events.ndjson file into the ledger, read twice: first the whole file is checked (every chain, and whether this
/// installation can keep each event as hashed) and refused if anything fails, so no stream of a broken file is
/// written; then <see cref="Ledger.Import"/> writes it, continuing whatever an earlier run left.
/// </summary>
public static class ImportFile
{
    /// <param name="partial">The file is a filtered export: a stream may start after version 1, continuing what the store holds.</param>
    public static async Task<VerificationReport> Check(Ledger ledger, string path, bool partial, IProgress<long>? bytesRead = null,
        CancellationToken ct = default)
    {
        var check = new ImportCheck(ledger);
        var report = await ExportFileVerifier.Verify(path, partial, bytesRead, ct, check.Problem);
        return report with { Failures = [.. report.Failures, .. await check.Conflicts(ct)] };
    }

    public static async Task<ImportResult> Import(Ledger ledger, string path, IProgress<long>? bytesRead = null, CancellationToken ct = default) =>
        await ledger.Import(Lines(path, bytesRead, ct), ct: ct);

    private static async IAsyncEnumerable<ExportedEvent> Lines(string path, IProgress<long>? bytesRead, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        long count = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (++count % 1000 == 0) bytesRead?.Report(file.Position);
            if (line.Length > 0) yield return EventLine.Parse(line);
        }
        bytesRead?.Report(file.Position);
    }
}
