using Tracker.Http;

namespace Tracker.Search;

/// <summary>The search parameters GET /api/claims adds to its filters: q and sort, checked as the other filters are.</summary>
public static class ClaimSearchParameters
{
    public const int MaxLength = 200;

    /// <summary>Words to match (null: none asked for) and the order; relevance unless sort says otherwise, or newest first without words.</summary>
    public static (string? Words, ClaimOrder Order, IResult? Problem) Parse(string? q, string? sort)
    {
        string? words = null;
        if (q is not null)
        {
            if (q.Length > MaxLength) return (null, default, Problems.Problem(400, "too_long", $"q is at most {MaxLength} characters.", "q"));
            if (ClaimSearch.Terms(q).Count == 0) return (null, default, Problems.Problem(400, "no_words", "q must contain a word or a number.", "q"));
            words = q;
        }
        ClaimOrder? order = sort switch
        {
            null => words is null ? ClaimOrder.Updated : ClaimOrder.Relevance,
            "relevance" when words is not null => ClaimOrder.Relevance,
            "updated" => ClaimOrder.Updated,
            "text" => ClaimOrder.Text,
            "status" => ClaimOrder.Status,
            "rating" => ClaimOrder.Rating,
            _ => null,
        };
        return order is null
            ? (null, default, Problems.Problem(400, "one_of", "sort is one of relevance (with q), updated, text, status, rating.", "sort"))
            : (words, order.Value, null);
    }
}
