using Tracker.Verdicts;

namespace Tracker.Tests.Verdicts;

public class RatingScaleTests
{
    [Fact]
    public void The_default_scale_runs_from_true_to_false_with_two_unscored_ratings() =>
        RatingScale.Default.Ratings.Select(r => (r.Key, r.Score)).ShouldBe([
            ("true", 5), ("mostly_true", 4), ("half_true", 3), ("mostly_false", 2), ("false", 1),
            ("misleading", null), ("unverifiable", null)]);

    [Fact]
    public void A_rating_has_a_label_for_readers() =>
        RatingScale.Default.Find("mostly_false").ShouldNotBeNull().Label.ShouldBe("Mostly false");

    [Fact]
    public void A_scored_rating_maps_to_ClaimReview() =>
        RatingScale.Default.ReviewRatingFor("mostly_false").ShouldBe(new ReviewRating(2, 5, 1, "Mostly false"));

    [Fact]
    public void An_unscored_rating_maps_to_ClaimReview_without_a_value() =>
        RatingScale.Default.ReviewRatingFor("misleading").ShouldBe(new ReviewRating(null, 5, 1, "Misleading"));

    [Fact]
    public void A_key_off_the_scale_has_no_ClaimReview_rating() =>
        RatingScale.Default.ReviewRatingFor("pants_on_fire").ShouldBeNull();

    [Fact]
    public void A_newsroom_may_use_its_own_scale()
    {
        var scale = new RatingScale([new("correct", "Correct", 3), new("partly_correct", "Partly correct", 2), new("incorrect", "Incorrect", 1)]);

        scale.Contains("correct").ShouldBeTrue();
        scale.Contains("true").ShouldBeFalse();
        scale.ReviewRatingFor("incorrect").ShouldBe(new ReviewRating(1, 3, 1, "Incorrect"));
    }

    [Fact]
    public void A_scale_with_duplicate_keys_is_a_configuration_error() =>
        Should.Throw<ArgumentException>(() => new RatingScale([new("true", "True", 2), new("true", "Also true", 1)]));
}
