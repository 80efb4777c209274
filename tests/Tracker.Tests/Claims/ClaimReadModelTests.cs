using System.Text.Json;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Tests.Specs;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Newsroom;

namespace Tracker.Tests.Claims;

/// <summary>The claim state is also the stored snapshot and the API's answer: it must read as the newsroom expects and survive JSON.</summary>
public class ClaimReadModelTests : ClaimSpec
{
    [Fact]
    public void Status_follows_the_verdicts()
    {
        Given(Logged).State.Status.ShouldBe(ClaimStatus.Unrated);
        Given(Logged, ProposedByFarid(FirstVerdict)).State.Status.ShouldBe(ClaimStatus.UnderReview);
        Given(Published).State.Status.ShouldBe(ClaimStatus.Rated);
        Given(With(Published, new VerdictVoided(FirstVerdict, Ada.AccountId, "Void"))).State.Status.ShouldBe(ClaimStatus.Unrated);
        Given(With(Published, new VerdictVoided(FirstVerdict, Ada.AccountId, "Void"), ProposedByFarid(SecondVerdict)))
            .State.Status.ShouldBe(ClaimStatus.UnderReview);
        Given(With(Published, new ClaimArchived("Duplicate"))).State.Status.ShouldBe(ClaimStatus.Archived);
    }

    [Fact]
    public void The_snapshot_round_trips_through_the_store_json()
    {
        var claim = Given(With(Published, RathClaims, FtReports, GlobalTimesRelays,
            new ClaimTextCorrected("APP leaders met State Department officials at least three times", "Wording"),
            new ClaimLinked(Guid.NewGuid(), LinkRelation.Restates, null, Inverse: true))).State;

        var json = JsonSerializer.Serialize(claim, StoreJson.Options);
        var read = JsonSerializer.Deserialize<Claim>(json, StoreJson.Options).ShouldNotBeNull();

        JsonSerializer.Serialize(read, StoreJson.Options).ShouldBe(json);
        read.AttributionChain().Count.ShouldBe(2);
    }

    [Fact]
    public void The_snapshot_speaks_the_newsroom_s_words()
    {
        var json = JsonSerializer.Serialize(Given(With(Published, FtReports)).State, StoreJson.Options);

        json.ShouldContain("\"status\":\"rated\"");
        json.ShouldContain("\"role\":\"reporter\"");
        json.ShouldContain("\"publishedVerdict\":{");
        json.ShouldContain("\"outcome\":\"published\"");
        json.ShouldNotContain("isLogged");
    }
}
