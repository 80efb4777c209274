using Npgsql;
using Tracker.Store;

namespace Tracker.Search;

/// <summary>How a claim list is ordered: by how well it matches the words asked for, or by a column of the table.</summary>
public enum ClaimOrder { Relevance, Updated, Text, Status, Rating }

/// <summary>What GET /api/claims asks for, already checked. Null filters are not applied.</summary>
public sealed record ClaimQuery(string? Words, Guid? Story, string? Status, string? Rating, Guid? Source, Guid? Assignee, string? Tag,
    ClaimOrder Order, int Page, int PageSize);

/// <summary>
/// The newsroom's matching claim ids, one page in order, and how many matched, from the search tables. Words match
/// claim text, live quotes and attributed sources' names by stem (english configuration), every word required; a word
/// the newsroom has never written is also matched by the words nearest in spelling to it (pg_trgm similarity), so
/// "Albreta" finds "Alberta". Text outranks quotes, and both outrank a source's name.
/// </summary>
public static partial class ClaimSearch
{
    public const int MaxWords = 12;

    /// <summary>Alternatives tried for a word nobody in the newsroom has written.</summary>
    private const int NearSpellings = 3;

    public static async Task<(int Total, IReadOnlyList<Guid> Ids)> Find(NpgsqlDataSource db, string tenant, ClaimQuery query, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        var where = new List<string> { "c.tenant_id = @tenant" };
        cmd.Parameters.AddWithValue("tenant", tenant);
        void Filter<T>(T? value, string name, string condition)
        {
            if (value is null) return;
            where.Add(condition);
            cmd.Parameters.AddWithValue(name, value);
        }
        Filter(query.Story, "story", "c.story_id = @story");
        Filter(query.Status, "status", "c.status = @status");
        Filter(query.Rating, "rating", "c.rating = @rating");
        Filter(query.Source, "source", "@source = any(c.source_ids)");
        Filter(query.Assignee, "assignee", "c.assignee_id = @assignee");
        Filter(query.Tag, "tag", "@tag = any(c.tags)");

        var rank = "0";
        var words = "select null::tsquery as q, '{}'::uuid[] as sources";
        if (query.Words is not null)
        {
            cmd.Parameters.AddWithValue("words", await TsQuery(db, tenant, query.Words, ct));
            words = $"select q, coalesce((select array_agg(s.source_id) from {ClaimSearchProjection.Sources} s " +
                    "where s.tenant_id = @tenant and s.words @@ q), '{}') as sources from to_tsquery('english', @words) q";
            where.Add("(c.words @@ w.q or c.source_ids && w.sources)");
            rank = "ts_rank(c.words, w.q) + case when c.source_ids && w.sources then 0.05 else 0 end";
        }
        var order = query.Order switch
        {
            ClaimOrder.Relevance => "rank desc, c.updated desc",
            ClaimOrder.Text => "lower(c.text), c.updated desc",
            ClaimOrder.Status => "c.status, c.updated desc",
            ClaimOrder.Rating => "c.rating nulls last, c.updated desc",
            _ => "c.updated desc",
        };
        cmd.Parameters.AddWithValue("take", query.PageSize);
        cmd.Parameters.AddWithValue("skip", (long)(query.Page - 1) * query.PageSize);
        cmd.CommandText = $"""
            with w as ({words}),
            matched as (select c.claim_id, c.updated, c.text, c.status, c.rating, {rank} as rank
                        from {ClaimSearchProjection.Claims} c, w where {string.Join(" and ", where)})
            select (select count(*) from matched)::int, p.claim_id
            from (select 1) one left join lateral (select c.claim_id from matched c order by {order}, c.claim_id limit @take offset @skip) p on true
            """;
        var ids = new List<Guid>();
        var total = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            total = reader.GetInt32(0);
            if (!reader.IsDBNull(1)) ids.Add(reader.GetGuid(1));
        }
        return (total, ids);
    }

    /// <summary>The words asked for, each with the newsroom's nearest spellings when it has never written that word.</summary>
    public static async Task<string> TsQuery(NpgsqlDataSource db, string tenant, string words, CancellationToken ct)
    {
        var asked = Terms(words);
        await using var cmd = db.CreateCommand($"""
            select w, n.word from unnest(@asked) w
            cross join lateral (select l.word from {ClaimSearchProjection.Vocabulary} l
                                where l.tenant_id = @tenant and l.word % w and l.word <> w
                                  and not exists (select from {ClaimSearchProjection.Vocabulary} k where k.tenant_id = @tenant and k.word = w)
                                order by similarity(l.word, w) desc, l.word limit {NearSpellings}) n
            """);
        cmd.Parameters.AddWithValue("asked", asked.ToArray());
        cmd.Parameters.AddWithValue("tenant", tenant);
        var near = new Dictionary<string, List<string>>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                (near.TryGetValue(reader.GetString(0), out var list) ? list : near[reader.GetString(0)] = []).Add(reader.GetString(1));
        // Each operand quoted: the terms hold only letters, digits and dots, so nothing in them is tsquery syntax.
        return string.Join(" & ", asked.Select(w =>
            "(" + string.Join(" | ", near.GetValueOrDefault(w, []).Prepend(w).Select(t => $"'{t}'")) + ")"));
    }

    /// <summary>
    /// The words of a search, lower-cased, each once, at most <see cref="MaxWords"/>, cut as PostgreSQL's parser cuts the
    /// claim text it searches: "19%" is 19 and "177,000" is 177 and 000. The restatement's words ("%" as "percent",
    /// "177000") asked for words the text never holds, so a figure typed as the claim writes it found nothing.
    /// </summary>
    public static IReadOnlyList<string> Terms(string words) =>
        SearchToken().Matches(words.ToLowerInvariant()).Select(m => m.Value).Distinct().Take(MaxWords).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}+|\d+(?:\.\d+)?")]
    private static partial System.Text.RegularExpressions.Regex SearchToken();
}
