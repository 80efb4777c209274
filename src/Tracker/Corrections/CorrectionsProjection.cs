using System.Text.Json;
using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Replay;

namespace Tracker.Corrections;

/// <summary>
/// The newsroom's corrections register. What counts as a correction is defined once, in
/// <see cref="Claim.Evolve"/>: the projection folds each claim through it and records the corrections an event added.
/// </summary>
public sealed class CorrectionsProjection : IAsyncProjection
{
    public const string ProjectionName = "corrections";

    public static readonly string Table = $"{TrackerStore.Schema}.corrections";

    private readonly FoldedStreams<Claim> claims = new("corrections_claims");

    public string Name => ProjectionName;

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await conn.Execute($"""
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
                primary key (tenant_id, claim_id, version, kind));
            create index if not exists corrections_by_date on {Table} (tenant_id, at, seq);
            """, ct);
        await claims.EnsureSchema(conn, ct);
    }

    public async Task Reset(NpgsqlConnection conn, CancellationToken ct)
    {
        // Truncate, as the timeline does: a rebuild then writes into an empty table, not past every dead row.
        await conn.Execute($"truncate {Table}", ct);
        await claims.Reset(conn, ct);
    }

    public async Task Apply(NpgsqlConnection conn, ProjectionBatch batch, CancellationToken ct)
    {
        var claimEvents = batch.Events.Where(e => e.StreamType == ClaimEventTypes.StreamType).ToList();
        var states = await claims.Load(conn, batch, claimEvents.Select(e => (e.Tenant, e.StreamId)), ct);
        var found = new List<(StoredEvent Event, Claim Claim, Correction Correction)>();
        foreach (var e in claimEvents)
        {
            var before = states[e.Tenant, e.StreamId].Corrections.Count;
            var after = states.Evolve(e);
            found.AddRange(after.Corrections.Skip(before).Select(c => (e, after, c)));
        }
        await states.Save(conn, ct);
        if (found.Count == 0) return;
        await using var insert = new NpgsqlCommand(
            $"insert into {Table} (tenant_id, claim_id, version, kind, seq, story_id, claim_text, at, field, before, after, note, approved_by) " +
            "select * from unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::bigint[], $6::uuid[], $7::text[], $8::timestamptz[], " +
            "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) on conflict do nothing", conn);
        insert.Column(found.Select(f => f.Event.Tenant));
        insert.Column(found.Select(f => f.Event.StreamId));
        insert.Column(found.Select(f => f.Correction.Version));
        insert.Column(found.Select(f => KindName(f.Correction.Kind)));
        insert.Column(found.Select(f => f.Event.Sequence));
        insert.Column(found.Select(f => f.Claim.StoryId));
        insert.Column(found.Select(f => f.Claim.Text));
        insert.Column(found.Select(f => f.Correction.At.ToUniversalTime()));
        insert.Column(found.Select(f => f.Correction.Field));
        insert.Column(found.Select(f => f.Correction.Before));
        insert.Column(found.Select(f => f.Correction.After));
        insert.Column(found.Select(f => f.Correction.Note));
        insert.Column(found.Select(f => f.Correction.ApprovedBy));
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stored as the API spells it (snake_case), so the register reads the same in SQL and in JSON.</summary>
    public static string KindName(CorrectionKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
