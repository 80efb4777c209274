using Npgsql;
using Tracker.Http;
using Tracker.Store;

namespace Tracker.Search;

/// <summary>An existing claim that may say what is being logged; <see cref="Score"/> runs from 0 to 1.</summary>
public sealed record SimilarClaim(Guid Id, Guid StoryId, string Text, string Status, string? Rating, double Score);

public sealed record SimilarClaimList(IReadOnlyList<SimilarClaim> Claims);

/// <summary>
/// GET /api/claims/similar?text=: the newsroom's claims (archived ones aside) that the text may restate, best first.
/// Both sides are read in their <see cref="Restatement"/> form. The score is 0.6 × the share of stemmed words they
/// have in common (Dice: 2·common / (words of one + words of the other)) + 0.4 × pg_trgm similarity of the two
/// forms; words carry the meaning, the trigrams reward the same wording and forgive spelling. Claims scoring under
/// <see cref="Floor"/> are left out.
/// </summary>
public static class SimilarClaims
{
    public const int Limit = 10;
    /// <summary>
    /// Chosen from the demo story: restatements of its claims score 0.62–1.0, claims that only share the story's
    /// words ("Alberta", "US officials", "percent") 0.10–0.29; under this a suggestion is noise.
    /// </summary>
    public const double Floor = 0.3;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/claims/similar", Find).Allow(Access.Anyone).WithTags("Claims")
            .WithSummary("Claims of the newsroom the text may restate, with a score, best first (at most 10)");

    private static async Task<IResult> Find(HttpContext http, Ledger ledger, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Problems.Problem(400, "required", "text is the claim being logged.", "text");
        if (text.Length > TextLimits.ClaimText)
            return Problems.Problem(400, "too_long", $"text is at most {TextLimits.ClaimText} characters.", "text");
        await SearchFreshness.CaughtUp(ledger, http.Actor().Newsroom, http.RequestAborted);
        return Results.Ok(new SimilarClaimList(await Rank(ledger.For(http.Actor().Newsroom), http.Actor().Newsroom, text, http.RequestAborted)));
    }

    public static async Task<IReadOnlyList<SimilarClaim>> Rank(NpgsqlDataSource db, string tenant, string text, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            with q as (select @restated::text as restated, tsvector_to_array(to_tsvector('english', @restated)) as lex),
            scored as (
                select c.claim_id, c.story_id, c.text, c.status, c.rating, c.updated,
                       0.6 * coalesce(2.0 * cardinality(array(select unnest(q.lex) intersect select unnest(tsvector_to_array(c.restated_words))))
                                      / nullif(cardinality(q.lex) + length(c.restated_words), 0), 0)
                     + 0.4 * similarity(c.restated, q.restated) as score
                from {ClaimSearchProjection.Claims} c, q
                where c.tenant_id = @tenant and c.status <> 'archived'
                  and (c.restated_words @@ (select string_agg(quote_literal(l), ' | ')::tsquery from unnest(q.lex) l) or c.restated % q.restated))
            select claim_id, story_id, text, status, rating, round(score::numeric, 3)::float8 from scored
            where score >= @floor order by score desc, updated desc, claim_id limit {Limit}
            """);
        cmd.Parameters.AddWithValue("restated", Restatement.Of(text));
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("floor", Floor);
        var found = new List<SimilarClaim>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new SimilarClaim(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetDouble(5)));
        return found;
    }
}
