using System.Text.Json;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Replay;
using Tracker.Sources;
using Tracker.Store;

namespace Tracker.Search;

/// <summary>
/// The newsroom's claims as search reads them: one row per claim with the filters' columns, its text and live quotes
/// (weighted word vectors with stemming), its restatement form (<see cref="Restatement"/>) for similar claims, and the
/// sources it is attributed to, whose names sit in a table of their own so a corrected name needs no claim rewritten.
/// Every word seen goes into a per-newsroom word list that near-spellings are matched against (pg_trgm).
/// Kept by Marten's async daemon like the timeline; claims are folded here, not read from the snapshots, so a rebuild
/// does not describe the past with the present.
/// </summary>
public sealed class ClaimSearchProjection : ISqlProjection
{
    public const string ProjectionName = "claim_search";

    public static readonly string Claims = $"{TrackerStore.Schema}.claim_search";
    public static readonly string Sources = $"{TrackerStore.Schema}.claim_search_sources";
    public static readonly string Vocabulary = $"{TrackerStore.Schema}.claim_search_vocabulary";

    private readonly FoldedStreams<Claim> claims = new("claim_search_claims");

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [Claims, Sources, Vocabulary, claims.Table];

    public IEnumerable<string> Schema()
    {
        // Trusted since PostgreSQL 13: the owner role creates it without a superuser. The app role only calls its functions.
        yield return "create extension if not exists pg_trgm";
        yield return $"""
            create table if not exists {Claims} (
                tenant_id text not null,
                claim_id uuid not null,
                story_id uuid not null,
                status text not null,
                rating text,
                assignee_id uuid,
                tags text[] not null,
                source_ids uuid[] not null,
                text text not null,
                quotes text not null,
                restated text not null,
                updated timestamptz not null,
                words tsvector generated always as
                    (setweight(to_tsvector('english', text), 'A') || setweight(to_tsvector('english', quotes), 'B')) stored,
                restated_words tsvector generated always as (to_tsvector('english', restated)) stored,
                primary key (tenant_id, claim_id))
            """;
        yield return $"create index if not exists claim_search_words on {Claims} using gin (words)";
        yield return $"create index if not exists claim_search_restated_words on {Claims} using gin (restated_words)";
        yield return $"create index if not exists claim_search_restated_trgm on {Claims} using gin (restated gin_trgm_ops)";
        yield return $"create index if not exists claim_search_source_ids on {Claims} using gin (source_ids)";
        yield return $"create index if not exists claim_search_updated on {Claims} (tenant_id, updated desc, claim_id)";
        yield return $"""
            create table if not exists {Sources} (
                tenant_id text not null,
                source_id uuid not null,
                name text not null,
                words tsvector generated always as (to_tsvector('english', name)) stored,
                primary key (tenant_id, source_id))
            """;
        yield return $"create index if not exists claim_search_sources_words on {Sources} using gin (words)";
        yield return $"create table if not exists {Vocabulary} (tenant_id text not null, word text not null, primary key (tenant_id, word))";
        yield return $"create index if not exists claim_search_vocabulary_trgm on {Vocabulary} using gin (word gin_trgm_ops)";
        yield return claims.Schema();
    }

    public async Task Apply(SqlProjectionBatch batch, CancellationToken ct)
    {
        var claimStates = await claims.Load(batch,
            batch.Events.Where(e => e.StreamType == ClaimEventTypes.StreamType).Select(e => (e.Tenant, e.StreamId)), ct);
        var changed = new Dictionary<(string Tenant, Guid Id), DateTimeOffset>();
        foreach (var e in batch.Events)
        {
            if (e.StreamType == ClaimEventTypes.StreamType)
            {
                claimStates.Evolve(e);
                changed[(e.Tenant, e.StreamId)] = e.RecordedAt;
            }
            else if (e.Data is SourceRegistered or SourceDetailsCorrected)
                SaveSource(batch, e);
        }
        claimStates.Save(batch);
        foreach (var ((tenant, id), updated) in changed)
            if (claimStates[tenant, id] is { IsLogged: true } claim) SaveClaim(batch, tenant, claim, updated);
    }

    private static void SaveSource(SqlProjectionBatch batch, StoredEvent e)
    {
        var name = e.Data switch { SourceRegistered r => r.Name, SourceDetailsCorrected c => c.Name, _ => "" };
        batch.Queue($"insert into {Sources} (tenant_id, source_id, name) values (?, ?, ?) " +
                    "on conflict (tenant_id, source_id) do update set name = excluded.name", e.Tenant, e.StreamId, name);
        SaveWords(batch, e.Tenant, name);
    }

    private static void SaveClaim(SqlProjectionBatch batch, string tenant, Claim claim, DateTimeOffset updated)
    {
        var live = claim.Attributions.Where(a => !a.Withdrawn).ToList();
        var quotes = string.Join("\n", live.Select(a => a.Quote));
        batch.Queue(
            $"insert into {Claims} (tenant_id, claim_id, story_id, status, rating, assignee_id, tags, source_ids, text, quotes, restated, updated) " +
            "values (?, ?, ?, ?, ?::text, ?::uuid, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, claim_id) do update set " +
            "status = excluded.status, rating = excluded.rating, assignee_id = excluded.assignee_id, tags = excluded.tags, " +
            "source_ids = excluded.source_ids, text = excluded.text, quotes = excluded.quotes, restated = excluded.restated, updated = excluded.updated",
            tenant, claim.Id, claim.StoryId, StatusName(claim.Status), (object?)claim.PublishedVerdict?.Rating ?? DBNull.Value,
            (object?)claim.AssigneeId ?? DBNull.Value, claim.Tags.ToArray(), live.Select(a => a.SourceId).Distinct().ToArray(),
            claim.Text, quotes, Restatement.Of(claim.Text), updated.ToUniversalTime());
        SaveWords(batch, tenant, claim.Text + "\n" + quotes);
    }

    /// <summary>The words near-spellings are corrected to: only real words, numbers never need it.</summary>
    private static void SaveWords(SqlProjectionBatch batch, string tenant, string text)
    {
        var words = Restatement.Words(text).Where(w => w.Length >= 3 && char.IsLetter(w[0])).Distinct().ToArray();
        if (words.Length == 0) return;
        batch.Queue($"insert into {Vocabulary} (tenant_id, word) select ?, unnest(?::text[]) on conflict do nothing", tenant, words);
    }

    /// <summary>The API's spelling of a status (under_review), which the filters compare with.</summary>
    public static string StatusName(ClaimStatus status) => JsonSerializer.Serialize(status, StoreJson.Options).Trim('"');
}
