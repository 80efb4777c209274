namespace Tracker.Verdicts;

/// <summary>One step of a newsroom's scale; unscored ratings (misleading, unverifiable) have no score.</summary>
public sealed record Rating(string Key, string Label, int? Score);

/// <summary>schema.org ClaimReview's <c>reviewRating</c>; <see cref="RatingValue"/> is absent for unscored ratings.</summary>
public sealed record ReviewRating(int? RatingValue, int BestRating, int WorstRating, string AlternateName);

/// <summary>The ratings a newsroom may give. Verdicts store the key, so relabelling a rating never rewrites history.</summary>
public sealed record RatingScale
{
    public RatingScale(IReadOnlyList<Rating> ratings)
    {
        if (ratings.Count == 0 || ratings.DistinctBy(r => r.Key).Count() != ratings.Count)
            throw new ArgumentException("A rating scale needs at least one rating and unique keys.", nameof(ratings));
        if (!ratings.Any(r => r.Score is not null))
            throw new ArgumentException("A rating scale needs at least one scored rating.", nameof(ratings));
        Ratings = ratings;
    }

    public IReadOnlyList<Rating> Ratings { get; }

    public static RatingScale Default { get; } = new([
        new("true", "True", 5),
        new("mostly_true", "Mostly true", 4),
        new("half_true", "Half true", 3),
        new("mostly_false", "Mostly false", 2),
        new("false", "False", 1),
        new("misleading", "Misleading", null),
        new("unverifiable", "Unverifiable", null),
    ]);

    public int BestScore => Ratings.Max(r => r.Score) ?? 0;
    public int WorstScore => Ratings.Min(r => r.Score) ?? 0;

    public Rating? Find(string? key) => Ratings.FirstOrDefault(r => r.Key == key);

    public bool Contains(string? key) => Find(key) is not null;

    /// <summary>The ClaimReview rating for a key on this scale, or null when the key is not on it.</summary>
    public ReviewRating? ReviewRatingFor(string key) =>
        Find(key) is { } rating ? new(rating.Score, BestScore, WorstScore, rating.Label) : null;
}
