using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.Tests.Specs;
using static Tracker.Tests.Specs.Newsroom;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Claims;

public class AttributionTests : ClaimSpec
{
    private static AddAttribution Relay(Guid? via, AttributionRole role = AttributionRole.Relay) =>
        new(GlobalTimesRelayed, GlobalTimes, role, ThreeMeetingsAsGlobalTimes, null, via);

    [Fact]
    public void Jeff_Rath_is_recorded_as_claimant() =>
        Given(Logged)
            .When(claim => AddAttributionDecision.Decide(new(RathSaid, JeffRath, AttributionRole.Claimant, RathHighestLevel, null, null), claim, RathSource, Rosa, Now))
            .Then(RathClaims);

    [Fact]
    public void Global_Times_is_recorded_as_relaying_the_FT() =>
        Given(Logged, FtReports).When(claim => AddAttributionDecision.Decide(Relay(via: FtReported), claim, GlobalTimesSource, Rosa, Now))
            .Then(GlobalTimesRelays);

    [Fact]
    public void A_relay_must_name_what_it_relays() =>
        Given(Logged, FtReports).When(claim => AddAttributionDecision.Decide(Relay(via: null), claim, GlobalTimesSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required_for_relay", "via");

    [Theory]
    [InlineData(AttributionRole.Claimant)]
    [InlineData(AttributionRole.Reporter)]
    [InlineData(AttributionRole.Cited)]
    public void Only_a_relay_names_what_it_relays(AttributionRole role) =>
        Given(Logged, FtReports).When(claim => AddAttributionDecision.Decide(Relay(via: FtReported, role), claim, GlobalTimesSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "only_for_relay", "via");

    [Fact]
    public void A_relay_must_relay_an_attribution_of_this_claim() =>
        Given(Logged, FtReports).When(claim => AddAttributionDecision.Decide(Relay(via: Guid.NewGuid()), claim, GlobalTimesSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "not_found", "via");

    [Fact]
    public void A_relay_cannot_relay_a_withdrawn_attribution() =>
        Given(Logged, FtReports, new AttributionWithdrawn(FtReported, "Not in the FT piece"))
            .When(claim => AddAttributionDecision.Decide(Relay(via: FtReported), claim, GlobalTimesSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "withdrawn", "via");

    [Fact]
    public void An_unknown_source_is_refused_on_sourceId() =>
        Given(Logged).When(claim => AddAttributionDecision.Decide(Relay(via: null), claim, null, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "not_found", "sourceId");

    [Fact]
    public void The_source_passed_must_be_the_one_named() =>
        Given(Logged, FtReports).When(claim => AddAttributionDecision.Decide(Relay(via: FtReported), claim, FtSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "not_found", "sourceId");

    [Fact]
    public void A_retracted_source_can_still_be_attributed() =>
        Given(Logged, FtReports)
            .When(claim => AddAttributionDecision.Decide(Relay(via: FtReported), claim, GlobalTimesSource with { IsRetracted = true }, Rosa, Now))
            .Then(GlobalTimesRelays);

    [Fact]
    public void A_quote_is_at_most_10000_characters() =>
        Given(Logged)
            .When(claim => AddAttributionDecision.Decide(new(RathSaid, JeffRath, AttributionRole.Claimant, new string('q', 10001), null, null), claim, RathSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "too_long", "quote");

    [Fact]
    public void An_attribution_url_must_be_http() =>
        Given(Logged)
            .When(claim => AddAttributionDecision.Decide(new(FtReported, FinancialTimes, AttributionRole.Reporter, ThreeMeetings, "ft.com", null), claim, FtSource, Rosa, Now))
            .ThenRejected(RejectionKind.BrokenRule, "url", "url");

    [Fact]
    public void An_attribution_id_is_used_once() =>
        Given(Logged, FtReports)
            .When(claim => AddAttributionDecision.Decide(new(FtReported, FinancialTimes, AttributionRole.Reporter, ThreeMeetings, null, null), claim, FtSource, Rosa, Now))
            .ThenRejected(RejectionKind.Conflict, "attribution_exists", "attributionId");

    [Fact]
    public void Withdrawing_records_the_reason() =>
        Given(Logged, FtReports).When(claim => WithdrawAttributionDecision.Decide(new(FtReported, "The FT did not give a count."), claim, Farid, Now))
            .Then(new AttributionWithdrawn(FtReported, "The FT did not give a count."));

    [Fact]
    public void Withdrawing_an_unknown_attribution_is_not_found() =>
        Given(Logged).When(claim => WithdrawAttributionDecision.Decide(new(FtReported, "Wrong outlet"), claim, Farid, Now))
            .ThenRejected(RejectionKind.NotFound, "not_found", "attributionId");

    [Fact]
    public void An_attribution_is_withdrawn_once() =>
        Given(Logged, FtReports, new AttributionWithdrawn(FtReported, "Wrong outlet"))
            .When(claim => WithdrawAttributionDecision.Decide(new(FtReported, "Wrong outlet"), claim, Farid, Now))
            .ThenRejected(RejectionKind.Conflict, "already_withdrawn", "attributionId");

    [Fact]
    public void Withdrawing_needs_a_reason() =>
        Given(Logged, FtReports).When(claim => WithdrawAttributionDecision.Decide(new(FtReported, ""), claim, Farid, Now))
            .ThenRejected(RejectionKind.BrokenRule, "required", "reason");

    [Fact]
    public void The_chain_reads_Rath_said_the_FT_reported_and_two_outlets_relayed_the_FT()
    {
        var chain = Given(Logged, RathClaims, FtReports, GlobalTimesRelays, LaNewsRelays).State.AttributionChain();

        chain.Select(n => n.Attribution.SourceId).ShouldBe([JeffRath, FinancialTimes]);
        chain[0].Relays.ShouldBeEmpty();
        chain[1].Relays.Select(n => n.Attribution.SourceId).ShouldBe([GlobalTimes, LaNews]);
        chain[1].Relays.ShouldAllBe(n => n.Relays.Count == 0);
    }

    [Fact]
    public void A_relay_of_a_relay_hangs_under_the_relay_it_repeats()
    {
        var aggregatorRelayed = new AttributionAdded(Guid.NewGuid(), Guid.NewGuid(), AttributionRole.Relay, "multiple meetings", null, LaNewsRelayed);

        var chain = Given(Logged, FtReports, LaNewsRelays, aggregatorRelayed).State.AttributionChain();

        chain.ShouldHaveSingleItem().Relays.ShouldHaveSingleItem().Relays.ShouldHaveSingleItem().Attribution.Quote.ShouldBe("multiple meetings");
    }

    [Fact]
    public void A_withdrawn_attribution_stays_in_the_chain_marked_with_its_reason()
    {
        var claim = Given(Logged, FtReports, GlobalTimesRelays, By(Farid, new AttributionWithdrawn(GlobalTimesRelayed, "Relayed CNN, not the FT"))).State;

        var relay = claim.AttributionChain().ShouldHaveSingleItem().Relays.ShouldHaveSingleItem().Attribution;
        relay.Withdrawn.ShouldBeTrue();
        relay.WithdrawnReason.ShouldBe("Relayed CNN, not the FT");
        relay.AddedBy.ShouldBe("Rosa Reporter");
    }
}
