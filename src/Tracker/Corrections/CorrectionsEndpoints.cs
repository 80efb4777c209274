using Tracker.Store;
using Npgsql;
using Tracker.Claims;
using Tracker.Http;
using Tracker.Replay;

namespace Tracker.Corrections;

/// <summary>
/// One line of the register: when (the audit clock), which claim (its text then) of which story, what changed,
/// before and after as readers saw them, the note, and the editor who approved it.
/// </summary>
public sealed record RegisterEntry(DateTimeOffset At, Guid ClaimId, string Claim, Guid StoryId, CorrectionKind Kind,
    string Field, string? Before, string? After, string? Note, string ApprovedBy, int Version)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ApproverId { get; init; }

    /// <summary>When an editor approved it: how that account got the editor role (granted by whom, when).</summary>
    public Accounts.RoleGrant? ApproverEditorGrant { get; init; }
}

public sealed record CorrectionsRegister(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<RegisterEntry> Corrections);

/// <summary>The public, dated corrections record an IFCN assessor asks for.</summary>
public static class CorrectionsEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/corrections", Read).Allow(Access.Anyone).WithTags("Corrections")
            .WithSummary("The newsroom's corrections register, newest first (?from=&to= on the date of the correction)");

    private static async Task<IResult> Read(HttpContext http, string? from, string? to, Ledger ledger)
    {
        var (start, end, problem) = Moments.Range(from, to);
        if (problem is not null) return problem;
        var newsroom = http.Actor().Newsroom;
        return Results.Ok(new CorrectionsRegister(start, end, await WithGrants(ledger, newsroom,
            await Entries(http.NewsroomDatabase(), newsroom, start, end, http.RequestAborted), http.RequestAborted)));
    }

    /// <summary>Beside each approval, the grant behind the approver's editor role.</summary>
    public static async Task<IReadOnlyList<RegisterEntry>> WithGrants(Ledger ledger, string newsroom, IReadOnlyList<RegisterEntry> entries, CancellationToken ct)
    {
        var grants = new Accounts.EditorGrants(ledger, newsroom);
        var result = new List<RegisterEntry>(entries.Count);
        foreach (var entry in entries)
            result.Add(entry.ApproverId is { } id && entry.Kind is CorrectionKind.VerdictSuperseded or CorrectionKind.VerdictVoided
                ? entry with { ApproverEditorGrant = await grants.At(id, entry.At, ct) }
                : entry);
        return result;
    }

    /// <summary>The register's lines for one newsroom, newest first; the web workbench's page reads the same.</summary>
    public static async Task<IReadOnlyList<RegisterEntry>> Entries(NpgsqlDataSource db, string newsroom, DateTimeOffset? start, DateTimeOffset? end, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select at, claim_id, claim_text, story_id, kind, field, before, after, note, approved_by, version, approver_id from {CorrectionsProjection.Table} " +
            "where tenant_id = $1 and ($2::timestamptz is null or at >= $2) and ($3::timestamptz is null or at <= $3) order by at desc, seq desc");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = (object?)end ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var entries = new List<RegisterEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            entries.Add(new(r.GetFieldValue<DateTimeOffset>(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), KindOf(r.GetString(4)), r.GetString(5),
                Text(r, 6), Text(r, 7), Text(r, 8), r.GetString(9), r.GetInt32(10)) { ApproverId = r.IsDBNull(11) ? null : r.GetGuid(11) });
        return entries;
    }

    private static CorrectionKind KindOf(string name) =>
        Enum.GetValues<CorrectionKind>().First(k => CorrectionsProjection.KindName(k) == name);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
