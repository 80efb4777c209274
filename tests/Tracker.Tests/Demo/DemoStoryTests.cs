using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Tests.Support;
using Tracker.Verdicts;

namespace Tracker.Tests.Demo;

/// <summary>The demo story as the --demo flag loads it into a fresh database, read back from the read models and the store.</summary>
public sealed class DemoStoryTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task The_story_its_sources_and_about_twenty_claims_are_loaded()
    {
        var story = await demo.Ledger.Load<Tracker.Stories.Story>(DemoFixture.Newsroom, demo.Ids.Story, CancellationToken.None);
        story.ShouldNotBeNull().State.Title.ShouldBe("US officials meet Alberta separatists");

        demo.Script.Claims.Count.ShouldBeInRange(18, 25);
        foreach (var claim in demo.Script.Claims)
            (await demo.Claim(claim.Key)).StoryId.ShouldBe(demo.Ids.Story);
        foreach (var source in demo.Script.Sources)
            (await demo.Ledger.Load<Tracker.Sources.Source>(DemoFixture.Newsroom, demo.Ids.Source(source.Key), CancellationToken.None))
                .ShouldNotBeNull(source.Key).State.Details.Name.ShouldBe(source.Name);
    }

    [Fact]
    public async Task Who_said_it_who_reported_it_and_who_relayed_it_form_a_chain()
    {
        var claim = await demo.Claim("three-meetings");

        var chain = claim.AttributionChain();
        chain.Select(n => (n.Attribution.Role, n.Attribution.SourceId)).ShouldBe(
        [
            (AttributionRole.Claimant, demo.Ids.Source("app")),
            (AttributionRole.Reporter, demo.Ids.Source("ft")),
        ]);
        var relay = chain[1].Relays.ShouldHaveSingleItem().Attribution;
        relay.Role.ShouldBe(AttributionRole.Relay);
        relay.SourceId.ShouldBe(demo.Ids.Source("global-times"));
        relay.Via.ShouldBe(chain[1].Attribution.Id);
        relay.AddedBy.ShouldBe("Rita Reporter");
    }

    [Fact]
    public async Task Verdicts_are_signed_off_by_an_editor_who_did_not_propose_them()
    {
        var verdicts = new List<Verdict>();
        foreach (var claim in demo.Script.Claims) verdicts.AddRange((await demo.Claim(claim.Key)).Verdicts);

        var signedOff = verdicts.Where(v => v.ApprovedBy is not null).ToList();
        signedOff.Count.ShouldBeGreaterThanOrEqualTo(8);
        signedOff.ShouldAllBe(v => v.ApprovedBy != v.ProposedBy);
        signedOff.Select(v => v.ApprovedByName).Distinct().ShouldBe(["Erin Editor", "Ed Second-Editor"], ignoreOrder: true);
        verdicts.Select(v => v.ProposedByName).ShouldContain("Frank Factchecker");
    }

    [Fact]
    public async Task The_record_holds_corrections_a_rejection_and_a_void()
    {
        var secret = await demo.Claim("secret-meetings");
        var superseded = secret.Corrections.ShouldHaveSingleItem();
        superseded.Kind.ShouldBe(CorrectionKind.VerdictSuperseded);
        superseded.Before!.ShouldStartWith("false:");
        superseded.After!.ShouldStartWith("misleading:");
        superseded.Note!.ShouldStartWith("Corrected from false to misleading");
        secret.PublishedVerdict!.Rating.ShouldBe("misleading");

        var reworded = (await demo.Claim("three-meetings")).Corrections[0];
        reworded.Kind.ShouldBe(CorrectionKind.TextCorrected);
        reworded.Before!.ShouldEndWith("since April.");
        reworded.After!.ShouldEndWith("since April 2025.");
        reworded.ApprovedBy.ShouldBe("Ed Second-Editor", "a rated claim's rewording is signed off by an editor other than its proposer");

        var backing = await demo.Claim("tacit-backing");
        backing.Verdicts.Select(v => v.Outcome).ShouldBe([VerdictOutcome.Voided, VerdictOutcome.Pending]);
        backing.Corrections.ShouldHaveSingleItem().Kind.ShouldBe(CorrectionKind.VerdictVoided);
        backing.Status.ShouldBe(ClaimStatus.UnderReview);

        (await demo.Claim("smith-30")).Verdicts.Select(v => v.Outcome).ShouldBe([VerdictOutcome.Rejected, VerdictOutcome.Published]);
    }

    [Theory]
    [InlineData("pollara-19", "smith-30")]
    [InlineData("oil-84", "oil-85")]
    [InlineData("secret-meetings", "not-a-secret")]
    [InlineData("tacit-backing", "no-support-conveyed")]
    public async Task Contradictions_are_linked_both_ways(string one, string other)
    {
        var from = (await demo.Claim(one)).LinkTo(demo.Ids.Claim(other)).ShouldNotBeNull();
        var to = (await demo.Claim(other)).LinkTo(demo.Ids.Claim(one)).ShouldNotBeNull();
        (from.Relation, from.Inverse, to.Relation, to.Inverse).ShouldBe((LinkRelation.Contradicts, false, LinkRelation.Contradicts, true));
    }

    [Fact]
    public async Task Drift_between_retellings_is_linked_as_restatement_and_update()
    {
        var original = await demo.Claim("three-meetings");
        original.LinkTo(demo.Ids.Claim("at-least-three"))!.Relation.ShouldBe(LinkRelation.Restates);
        original.LinkTo(demo.Ids.Claim("multiple-meetings"))!.Relation.ShouldBe(LinkRelation.Restates);
        (await demo.Claim("referendum-this-fall")).LinkTo(demo.Ids.Claim("signatures-177000"))!.Relation.ShouldBe(LinkRelation.Updates);
    }

    [Fact]
    public async Task World_times_are_kept_apart_from_the_recorded_times_of_the_load()
    {
        var claim = await demo.Claim("tariff-100");
        claim.ClaimedAt.ShouldBe(new DateTimeOffset(2026, 1, 24, 0, 0, 0, TimeSpan.Zero));
        claim.LoggedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        var article = await demo.Ledger.Load<Tracker.Sources.Source>(DemoFixture.Newsroom, demo.Ids.Source("explainer"), CancellationToken.None);
        article!.State.Details.PublishedAt.ShouldBe(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Loading_again_adds_nothing_but_fresh_tokens()
    {
        demo.SecondLoad.WasAlreadyLoaded.ShouldBeTrue();
        var added = demo.EventsAfterSecondLoad.Where(e => demo.EventsAfterFirstLoad.GetValueOrDefault(e.Key) != e.Value)
            .ToDictionary(e => e.Key, e => e.Value - demo.EventsAfterFirstLoad.GetValueOrDefault(e.Key));
        added.ShouldBe(new Dictionary<string, long> { ["token_issued"] = demo.Script.Accounts.Count });
        demo.EventsAfterFirstLoad["claim_logged"].ShouldBe(demo.Script.Claims.Count);
    }

    [Fact]
    public async Task Loading_again_leaves_a_colleague_s_later_wording_standing()
    {
        var meetings = await demo.Claim("three-meetings");
        meetings.Text.ShouldBe(DemoFixture.ColleaguesWording);
        meetings.Corrections.Select(c => c.After).ShouldBe([demo.Script.Claims[0].TextCorrection!.Text, DemoFixture.ColleaguesWording]);
    }

    [Fact]
    public async Task The_fresh_tokens_and_the_demo_password_let_the_accounts_in()
    {
        foreach (var account in demo.SecondLoad.Accounts)
        {
            var me = await demo.App.Client(account.Token).GetFromJsonAsync<Me>("/api/me", Json.Options);
            (me!.Name, me.Newsroom).ShouldBe((account.Name, DemoFixture.Newsroom));
        }
        var directory = demo.Services.GetRequiredService<AccountDirectory>();
        (await directory.CheckPassword(DemoFixture.Newsroom, "Ed Second-Editor", demo.SecondLoad.Password)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_hash_chain_verifies_after_loading_twice()
    {
        var report = await demo.Services.GetRequiredService<Tracker.Store.Ledger>().Verify(DemoFixture.Newsroom);
        report.Failures.ShouldBeEmpty();
        report.Events.ShouldBe(demo.EventsAfterSecondLoad.Values.Sum());
    }
}
