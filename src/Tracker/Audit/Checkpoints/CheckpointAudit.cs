using System.Globalization;
using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.Newsrooms.Placement;
using Tracker.Store;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// One finding of verification. <see cref="Kind"/> says what was found: <c>chain</c> (a hash chain break), <c>missing</c>,
/// <c>truncated</c>, <c>rewritten</c> or <c>backdated</c> (a stream against a checkpoint), or a problem with a checkpoint itself:
/// <c>signature</c>, <c>heads</c>, <c>not_in_file</c>, <c>not_in_database</c>, <c>differs_from_file</c>, <c>sequence_gap</c>,
/// <c>unreadable</c>.
/// </summary>
public sealed record AuditFailure(string Kind, Guid? StreamId, int? Version, long? Checkpoint, string Problem);

/// <summary>A checkpoint without its heads, as lists and the verify answer show it.</summary>
public sealed record CheckpointSummary(string Newsroom, long Sequence, string TakenAt, long Position, long Streams, long Events, string Root,
    string Algorithm, string KeyFingerprint, string Signature, bool? SignatureValid = null)
{
    public static CheckpointSummary From(Checkpoint c, bool? signatureValid = null) =>
        new(c.Newsroom, c.Sequence, c.TakenAt, c.Position, c.Streams, c.Events, c.Root, c.Algorithm, c.KeyFingerprint, c.Signature, signatureValid);
}

/// <summary>What comparing the record with its checkpoints found, the latest checkpoint, and where every stream stands now.</summary>
public sealed record CheckpointReport(IReadOnlyList<AuditFailure> Failures, CheckpointSummary? Latest, int Checkpoints, RecordState Now, string Root);

/// <summary>
/// Verifies a newsroom's record against its checkpoints. Each checkpoint, from the database and from the file copy, must be
/// in both, alike, numbered without gaps, signed by the newsroom's current key, and its heads must give its root. Every
/// head of every valid checkpoint must still be there: a stream gone is <c>missing</c>, one now shorter <c>truncated</c>,
/// one whose event at that version hashes differently <c>rewritten</c> (even when its chain was recomputed and holds).
/// Each stream is reported once, against the newest checkpoint that shows the problem. An event recorded more than
/// <see cref="Late"/> before a checkpoint that does not hold it was put in afterwards: <c>backdated</c>.
/// </summary>
public sealed class CheckpointAudit(NewsroomDatabases databases, SigningKeys keys, CheckpointFile file)
{
    /// <summary>
    /// A checkpoint holds every event committed when it was taken. An append takes its time before its transaction,
    /// which may still be committing then (each command times out after 30 s), and nodes' clocks differ a little: an
    /// event recorded earlier than this before a checkpoint that lacks it is no such append. docs/audit-verify.py's LATE.
    /// </summary>
    public static readonly TimeSpan Late = TimeSpan.FromMinutes(5);

    public async Task<CheckpointReport> Check(string newsroom, CancellationToken ct)
    {
        var (stored, copied) = await BothCopies(newsroom, ct);
        var now = await RecordHeads.Read(databases.For(newsroom), newsroom, ct);
        var failures = new List<AuditFailure>();
        using var key = CurrentKey(newsroom, stored.Count + copied.Count > 0, failures);
        foreach (var copy in stored.Concat(copied).Where(c => c.Unreadable is not null))
            failures.Add(new("unreadable", null, null, copy.Sequence == 0 ? null : copy.Sequence, $"{Capital(copy.Where)}: {copy.Unreadable}"));

        var inDatabase = stored.Where(c => c.Checkpoint is not null).ToDictionary(c => c.Sequence, c => c.Checkpoint!);
        var inFile = copied.Where(c => c.Checkpoint is not null).GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        var sequences = inDatabase.Keys.Concat(inFile.Keys).Distinct().Order().ToList();
        var valid = new List<Checkpoint>();
        var signatureOk = new Dictionary<long, bool>();
        foreach (var sequence in sequences)
            Compare(sequence, inDatabase.GetValueOrDefault(sequence), inFile.GetValueOrDefault(sequence) ?? [], key, failures, valid, signatureOk);
        failures.AddRange(Gaps(sequences));
        failures.AddRange(await Streams(newsroom, valid, now, ct));
        failures.AddRange(await Backdated(newsroom, valid, ct));

        var latest = sequences.Count == 0 ? null : inDatabase.GetValueOrDefault(sequences[^1]) ?? inFile[sequences[^1]][0].Checkpoint;
        return new CheckpointReport(failures, latest is null ? null : CheckpointSummary.From(latest, signatureOk.GetValueOrDefault(latest.Sequence)),
            sequences.Count, now, MerkleTree.Root(now.Heads));
    }

    /// <summary>The database's rows and the file's lines, read while no checkpoint is being taken (one taken in between would be in one copy only).</summary>
    private async Task<(IReadOnlyList<CheckpointCopy> Stored, IReadOnlyList<CheckpointCopy> Copied)> BothCopies(string newsroom, CancellationToken ct)
    {
        await using var conn = await databases.For(newsroom).OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await CheckpointTable.Lock(conn, ct);
        var stored = await CheckpointTable.Read(conn, newsroom, heads: true, ct: ct);
        var copied = await file.Read(newsroom, ct);
        await tx.CommitAsync(ct);
        return (stored, copied);
    }

    /// <summary>The newsroom's key as its file holds it now, never made here: verification changes nothing.</summary>
    private NewsroomKey? CurrentKey(string newsroom, bool needed, List<AuditFailure> failures)
    {
        try
        {
            var key = keys.Find(newsroom);
            if (key is null && needed)
                failures.Add(new("signature", null, null, null, $"The newsroom's signing key {keys.PathFor(newsroom)} is missing: no checkpoint can be checked."));
            return key;
        }
        catch (InvalidOperationException e)
        {
            failures.Add(new("signature", null, null, null, e.Message));
            return null;
        }
    }

    /// <summary>One checkpoint's database row and file lines: each must have the other, alike, and each distinct copy must hold.</summary>
    private void Compare(long sequence, Checkpoint? row, List<CheckpointCopy> lines, NewsroomKey? key, List<AuditFailure> failures,
        List<Checkpoint> valid, Dictionary<long, bool> signatureOk)
    {
        if (row is null)
            failures.Add(new("not_in_database", null, null, sequence, $"Checkpoint {sequence} is in the file copy ({lines[0].Where}) but not in the database."));
        else if (lines.Count == 0)
            failures.Add(new("not_in_file", null, null, sequence, $"Checkpoint {sequence} is in the database but not in the file copy {file.Path}."));
        var differing = lines.Where(l => row is null || !l.Checkpoint!.SameAs(row)).ToList();
        if (row is not null)
            foreach (var line in differing)
                failures.Add(new("differs_from_file", null, null, sequence, $"Checkpoint {sequence} in the database differs from its file copy ({line.Where})."));
        // Every distinct copy is checked on its own: a good file copy still vouches for streams when the row was edited.
        List<(string Where, Checkpoint Checkpoint)> copies = [.. row is null ? [] : new[] { ("database", row) }, .. differing.Select(l => (l.Where, l.Checkpoint!))];
        foreach (var (where, checkpoint) in copies)
        {
            var problem = Problem(checkpoint, key, out var kind);
            if (where == "database" || !signatureOk.ContainsKey(sequence)) signatureOk[sequence] = kind != "signature";
            if (problem is null) valid.Add(checkpoint);
            else failures.Add(new(kind, null, null, sequence, $"Checkpoint {sequence} ({where}): {problem}"));
        }
    }

    /// <summary>Numbers run 1, 2, 3, ...: any missing from both copies was deleted from both.</summary>
    private static IEnumerable<AuditFailure> Gaps(List<long> sequences)
    {
        long expected = 1;
        foreach (var sequence in sequences)
        {
            if (sequence > expected)
                yield return new("sequence_gap", null, null, expected, sequence == expected + 1
                    ? $"Checkpoint {expected} is in neither the database nor the file copy."
                    : $"Checkpoints {expected} to {sequence - 1} are in neither the database nor the file copy.");
            expected = sequence + 1;
        }
    }

    /// <summary>Why a checkpoint cannot be trusted, or null when its signature and heads hold.</summary>
    private static string? Problem(Checkpoint c, NewsroomKey? key, out string kind)
    {
        kind = "signature";
        if (key is null) return "there is no key to check its signature with";
        if (c.Algorithm != SigningKeys.Algorithm) return $"it names the algorithm '{c.Algorithm}', not {SigningKeys.Algorithm}";
        if (c.KeyFingerprint != key.Fingerprint)
            return $"it was signed by key {Short(c.KeyFingerprint)}, not by the newsroom's current key {Short(key.Fingerprint)}";
        if (!key.Verifies(c)) return "its signature does not verify: the checkpoint was changed after it was signed";
        kind = "heads";
        if (c.Heads.Count != c.Streams) return $"it lists {c.Heads.Count} stream heads but signed {c.Streams} streams";
        if (c.Heads.Select(h => h.StreamId).Distinct().Count() != c.Heads.Count) return "it lists a stream twice";
        if (MerkleTree.Root(c.Heads) != c.Root) return "its heads do not give its signed root: a head was changed";
        kind = "";
        return null;
    }

    private async Task<IEnumerable<AuditFailure>> Streams(string newsroom, List<Checkpoint> valid, RecordState now, CancellationToken ct)
    {
        var current = now.Heads.ToDictionary(h => h.StreamId);
        var pairs = valid.SelectMany(c => c.Heads).Where(h => current.TryGetValue(h.StreamId, out var top) && top.Version >= h.Version)
            .Select(h => (h.StreamId, h.Version)).ToHashSet();
        var hashes = await RecordHeads.HashesAt(databases.For(newsroom), newsroom, pairs, ct);
        var failures = new Dictionary<Guid, AuditFailure>();
        foreach (var checkpoint in valid.OrderByDescending(c => c.Sequence))
            foreach (var head in checkpoint.Heads)
            {
                if (failures.ContainsKey(head.StreamId)) continue;
                var n = checkpoint.Sequence;
                if (!current.TryGetValue(head.StreamId, out var top))
                    failures[head.StreamId] = new("missing", head.StreamId, head.Version, n,
                        $"Checkpoint {n} holds this stream at version {head.Version}; it has no events now.");
                else if (top.Version < head.Version)
                    failures[head.StreamId] = new("truncated", head.StreamId, head.Version, n,
                        $"Checkpoint {n} holds this stream at version {head.Version}; it now ends at version {top.Version}.");
                else if (hashes.GetValueOrDefault((head.StreamId, head.Version)) is var hash && hash != head.Hash)
                    failures[head.StreamId] = new("rewritten", head.StreamId, head.Version, n,
                        $"Checkpoint {n} holds hash {Short(head.Hash)} at version {head.Version}; the event there now has {(hash is null ? "no hash" : Short(hash))}.");
            }
        return failures.Values.OrderBy(f => f.Checkpoint).ThenBy(f => f.StreamId.ToString());
    }

    /// <summary>
    /// Events that the first checkpoint taken more than <see cref="Late"/> after their recorded time does not hold (later
    /// ones then cannot either, unless the stream was cut back, which <see cref="Streams"/> reports). Each stream once, at
    /// its first such version. One pass over the newsroom's events old enough for a checkpoint to answer for.
    /// </summary>
    private async Task<IEnumerable<AuditFailure>> Backdated(string newsroom, List<Checkpoint> valid, CancellationToken ct)
    {
        if (valid.Count == 0) return [];
        var taken = valid.Select(c => (At: DateTimeOffset.Parse(c.TakenAt, CultureInfo.InvariantCulture), c.Sequence,
            Holds: c.Heads.ToDictionary(h => h.StreamId, h => h.Version))).OrderBy(c => c.At).ToList();
        var times = taken.Select(c => c.At).ToArray();
        await using var cmd = databases.For(newsroom).CreateCommand(
            $"select e.stream_id, e.version, e.\"timestamp\" from {LinkRows.Events} e where e.tenant_id = $1 and {LinkRows.NotTombstone} " +
            "and e.\"timestamp\" < $2 order by e.stream_id, e.version");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = taken[^1].At - Late });
        var failures = new Dictionary<Guid, AuditFailure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (stream, version, recorded) = (r.GetGuid(0), (int)r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2));
            if (failures.ContainsKey(stream)) continue;
            var first = FirstAfter(times, recorded + Late);
            if (first == taken.Count || taken[first].Holds.GetValueOrDefault(stream) >= version) continue;
            var n = taken[first].Sequence;
            failures[stream] = new("backdated", stream, version, n,
                $"Recorded {EventHash.FormatTimestamp(recorded)}, more than {Late.TotalMinutes:0} minutes before checkpoint {n} was taken, " +
                "which does not hold it: it was put in afterwards.");
        }
        return failures.Values.OrderBy(f => f.Checkpoint).ThenBy(f => f.StreamId.ToString());
    }

    /// <summary>The index of the first of the ascending times after <paramref name="moment"/>; their count when none is.</summary>
    private static int FirstAfter(DateTimeOffset[] times, DateTimeOffset moment)
    {
        int low = 0, high = times.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] > moment) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
