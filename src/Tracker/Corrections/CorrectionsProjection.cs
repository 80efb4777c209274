using System.Text.Json;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Replay;
using Tracker.Store;

namespace Tracker.Corrections;

/// <summary>
/// The newsroom's corrections register. What counts as a correction is defined once, in
/// <see cref="Claim.Evolve"/>: the projection folds each claim through it and records the corrections an event added.
/// </summary>
public sealed class CorrectionsProjection : ISqlProjection
{
    public const string ProjectionName = "corrections";

    public static readonly string Table = $"{TrackerStore.Schema}.corrections";

    private readonly FoldedStreams<Claim> claims = new("corrections_claims");

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [Table, claims.Table];

    public IEnumerable<string> Schema()
    {
        yield return $"""
            create table if not exists {Table} (
                tenant_id text not null,
                claim_id uuid not null,
                version int not null,
                kind text not null,
                seq bigint not null,
                story_id uuid not null,
                claim_text text not null,
                at timestamptz not null,
                field text not null,
                before text,
                after text,
                note text,
                approved_by text not null,
                primary key (tenant_id, claim_id, version, kind))
            """;
        yield return $"create index if not exists corrections_by_date on {Table} (tenant_id, at, seq)";
        // Who approved, as an account: the register shows how that account got its editor role.
        yield return $"alter table {Table} add column if not exists approver_id uuid";
        yield return claims.Schema();
    }

    public async Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        var claimEvents = batch.Events.Where(e => e.StreamType == ClaimEventTypes.StreamType).ToList();
        var states = await claims.Load(batch, claimEvents.Select(e => (e.Tenant, e.StreamId)), ct);
        var found = new List<(StoredEvent Event, Claim Claim, Correction Correction)>();
        foreach (var e in claimEvents)
        {
            var before = states[e.Tenant, e.StreamId].Corrections.Count;
            var after = states.Evolve(e);
            found.AddRange(after.Corrections.Skip(before).Select(c => (e, after, c)));
        }
        states.Save(batch);
        if (found.Count == 0) return;
        batch.Queue(
            $"insert into {Table} (tenant_id, claim_id, version, kind, seq, story_id, claim_text, at, field, before, after, note, approved_by, approver_id) " +
            "select * from unnest(?::text[], ?::uuid[], ?::int[], ?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[], " +
            "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[]) on conflict do nothing",
            found.Select(f => f.Event.Tenant).ToArray(),
            found.Select(f => f.Event.StreamId).ToArray(),
            found.Select(f => f.Correction.Version).ToArray(),
            found.Select(f => KindName(f.Correction.Kind)).ToArray(),
            found.Select(f => f.Event.Sequence).ToArray(),
            found.Select(f => f.Claim.StoryId).ToArray(),
            found.Select(f => f.Claim.Text).ToArray(),
            found.Select(f => f.Correction.At.ToUniversalTime()).ToArray(),
            found.Select(f => f.Correction.Field).ToArray(),
            found.Select(f => f.Correction.Before).ToArray(),
            found.Select(f => f.Correction.After).ToArray(),
            found.Select(f => f.Correction.Note).ToArray(),
            found.Select(f => f.Correction.ApprovedBy).ToArray(),
            found.Select(f => ActorLabel.IdOf(f.Event.Metadata.Actor)).ToArray());
    }

    /// <summary>Stored as the API spells it (snake_case), so the register reads the same in SQL and in JSON.</summary>
    public static string KindName(CorrectionKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
