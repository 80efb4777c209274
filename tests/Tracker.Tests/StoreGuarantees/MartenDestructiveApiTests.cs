using JasperFx.Events;
using Tracker.Claims;
using Tracker.EventStore;
using static Tracker.Tests.StoreGuarantees.GuardedApis;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Marten ships APIs that rewrite or remove events (archive, tombstone, compact, overwrite, mask, clean). Tracker never
/// calls them, and if anyone does the database refuses: each fails on the guard and the claim's history stays whole.
/// All of these exist in Marten 9.62; CompletelyRemoveAllAsync, which drops the tables, has a class of its own. The store's
/// own IEventStore.CompactStreamAsync(id, tenant) is not here: it stops before any SQL, since Tracker's streams name no
/// aggregate type ("no aggregate type associated"), so it says nothing about the guard.
/// </summary>
public sealed class MartenDestructiveApiTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact]
    public async Task Archiving_a_claim_stream_is_refused() => await ShouldKeepTheClaim(async claim =>
    {
        await using var session = db.Store.LightweightSession(newsroom);
        session.Events.ArchiveStream(claim);
        await session.SaveChangesAsync();
    });

    [Fact]
    public async Task Tombstoning_a_claim_stream_is_refused() => await ShouldKeepTheClaim(async claim =>
    {
        await using var session = db.Store.LightweightSession(newsroom);
        session.Events.TombstoneStream(claim);
        await session.SaveChangesAsync();
    });

    [Fact]
    public async Task Compacting_a_claim_stream_in_a_session_is_refused() => await ShouldKeepTheClaim(async claim =>
    {
        await using var session = db.Store.LightweightSession(newsroom);
        await session.Events.CompactStreamAsync<Aggregate<Claim>>(claim);
        await session.SaveChangesAsync();
    });

    [Fact]
    public async Task Overwriting_a_logged_claim_is_refused() => await ShouldKeepTheClaim(async claim =>
    {
        await using var session = db.Store.LightweightSession(newsroom);
        var logged = (Event<ClaimLogged>)(await session.Events.FetchStreamAsync(claim))[0];
        logged.Data = logged.Data with { Text = "Only 9% would vote to separate" };
        session.Events.OverwriteEvent(logged);
        await session.SaveChangesAsync();
    });

    [Fact]
    public async Task Masking_a_claims_text_is_refused()
    {
        // The app registers no masking rule; a store that did would still be refused.
        using var masking = db.OpenStore(also: o =>
            o.Events.AddMaskingRuleForProtectedInformation<ClaimLogged>(logged => logged with { Text = "(masked)" }));
        await ShouldKeepTheClaim(claim => masking.Advanced.ApplyEventDataMasking(m => m.IncludeStream(claim).ForTenant(newsroom)));
    }

    [Fact]
    public async Task Deleting_one_claim_stream_through_the_cleaner_is_refused() => await ShouldKeepTheClaim(claim =>
        db.Store.Advanced.Clean.DeleteSingleEventStreamAsync(claim, newsroom));

    [Fact]
    public async Task Deleting_all_event_data_is_refused_and_appends_go_on_after_it()
    {
        await ShouldKeepTheClaim(_ => db.Store.Advanced.Clean.DeleteAllEventDataAsync());

        // The cleaner also restarts mt_events_sequence in the same statement: refused, that must roll back with it,
        // or the next append would reuse a sequence number.
        var highest = await db.Scalar("select max(seq_id) from tracker.mt_events");
        var next = Guid.CreateVersion7();
        await db.Ledger.Append(newsroom, Desk.LogClaim(next, Guid.CreateVersion7(), "About 30% support sovereignty"));
        (await db.Scalar("select min(seq_id) from tracker.mt_events where stream_id = $1", next)).ShouldBeGreaterThan(highest);
    }

    /// <summary>A logged and corrected claim survives the call: same rows, still chained, not archived.</summary>
    private async Task ShouldKeepTheClaim(Func<Guid, Task> destroy)
    {
        var claim = Guid.CreateVersion7();
        var logged = await db.Ledger.Append(newsroom, Desk.LogClaim(claim, Guid.CreateVersion7(), "Only 19% would vote to separate"));
        await db.Ledger.Append(newsroom, Desk.CorrectClaim(claim, "Only 19 percent would vote to separate", "house style",
            ExpectedVersion.Exactly(1), logged.Next));
        var before = await db.Ledger.ReadStream(newsroom, claim);

        await ShouldBeRefusedByTheGuard(() => destroy(claim));

        var after = await db.Ledger.ReadStream(newsroom, claim);
        after.Select(e => (e.Sequence, e.Hash, e.DataJson, e.IsArchived)).ShouldBe(before.Select(e => (e.Sequence, e.Hash, e.DataJson, e.IsArchived)));
        (await db.Scalar("select count(*) from tracker.mt_events where stream_id = $1 and (is_archived or type <> all($2))",
            claim, new[] { "claim_logged", "claim_text_corrected" })).ShouldBe(0, "no archived, compacted or tombstone rows");
        (await db.Scalar("select count(*) from tracker.mt_streams where id = $1 and not is_archived and version = 2", claim)).ShouldBe(1);
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }
}
