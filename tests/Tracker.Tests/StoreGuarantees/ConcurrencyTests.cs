using System.Collections.Concurrent;
using Tracker.Claims;
using Tracker.EventStore;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Optimistic concurrency as the desks meet it: of writers who read the same version, one appends and the others get
/// Tracker's ConcurrencyException (which the API answers 409 or 412), never one of Marten's exceptions (a 500); and a
/// refused append writes nothing.
/// </summary>
public sealed class ConcurrencyTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private readonly string newsroom = Desk.NewNewsroom();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Twenty_desks_correcting_a_claim_they_read_at_version_one_give_one_winner(bool withHead)
    {
        var (claim, logged) = await LoggedClaim();

        var outcomes = await Race(20, desk => db.Ledger.Append(newsroom, Desk.CorrectClaim(claim, $"Only 19 percent, as desk {desk} read it",
            "house style", ExpectedVersion.Exactly(1), withHead ? logged.Next : null)));

        outcomes.Count(o => o is null).ShouldBe(1, "exactly one desk appends");
        outcomes.OfType<Exception>().Where(e => e is not ConcurrencyException).Select(e => e.ToString()).ShouldBeEmpty();
        outcomes.OfType<ConcurrencyException>().ShouldAllBe(e => e.StreamId == claim);
        (await db.EventRows(newsroom, claim)).ShouldBe(2);
        (await db.Ledger.Load<Claim>(newsroom, claim))!.Version.ShouldBe(2);
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }

    [Fact]
    public async Task Two_desks_logging_the_same_claim_id_at_once_give_one_claim()
    {
        for (var round = 0; round < 5; round++)
        {
            var claim = Guid.CreateVersion7();
            var outcomes = await Race(2, desk => db.Ledger.Append(newsroom, Desk.LogClaim(claim, Guid.CreateVersion7(), $"Logged by desk {desk}")));

            outcomes.Count(o => o is null).ShouldBe(1);
            outcomes.OfType<Exception>().ShouldHaveSingleItem().ShouldBeOfType<ConcurrencyException>();
            (await db.EventRows(newsroom, claim)).ShouldBe(1);
        }
        // And one after the other: starting a claim that exists is the same conflict.
        var (existing, _) = await LoggedClaim();
        await Should.ThrowAsync<ConcurrencyException>(() => db.Ledger.Append(newsroom, Desk.LogClaim(existing, Guid.CreateVersion7(), "again")));
        (await db.EventRows(newsroom, existing)).ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_from_a_stale_version_is_refused_and_appends_nothing()
    {
        var (claim, logged) = await LoggedClaim();
        var corrected = await db.Ledger.Append(newsroom, Desk.CorrectClaim(claim, "Only 19 percent would vote to separate", "house style",
            ExpectedVersion.Exactly(1), logged.Next));
        var rows = await db.Scalar("select count(*) from tracker.mt_events where stream_id = $1", claim);

        // Read at version 1, the claim now at 2: with the stale head, and naming only the stale version.
        var stale = await Should.ThrowAsync<ConcurrencyException>(() => db.Ledger.Append(newsroom,
            Desk.CorrectClaim(claim, "Only 9% would vote to separate", "late", ExpectedVersion.Exactly(1), logged.Next)));
        stale.StreamId.ShouldBe(claim);
        var named = await Should.ThrowAsync<ConcurrencyException>(() => db.Ledger.Append(newsroom,
            Desk.CorrectClaim(claim, "Only 9% would vote to separate", "late", ExpectedVersion.Exactly(1))));
        named.ActualVersion.ShouldBe(2);

        (await db.Scalar("select count(*) from tracker.mt_events where stream_id = $1", claim)).ShouldBe(rows);
        (await db.Scalar("select version from tracker.mt_streams where tenant_id = $1 and id = $2", newsroom, claim)).ShouldBe(2);
        var snapshot = (await db.Ledger.Load<Claim>(newsroom, claim))!;
        (snapshot.Version, snapshot.LastHash, snapshot.State.Text).ShouldBe((2, corrected.LastHash, "Only 19 percent would vote to separate"));
        var report = await db.Ledger.Verify(newsroom);
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
    }

    private async Task<(Guid Claim, AppendResult Logged)> LoggedClaim()
    {
        var claim = Guid.CreateVersion7();
        return (claim, await db.Ledger.Append(newsroom, Desk.LogClaim(claim, Guid.CreateVersion7(), "Only 19% would vote to separate")));
    }

    /// <summary>Starts the desks together; null for each that appended, else what it threw.</summary>
    private static async Task<Exception?[]> Race(int desks, Func<int, Task> append)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(desks);
        var attempts = Enumerable.Range(0, desks).Select(desk => Task.Run(async () =>
        {
            ready.Signal();
            await start.Task;
            try { await append(desk); return null; }
            catch (Exception e) { return e; }
        })).ToArray();
        ready.Wait(TimeSpan.FromSeconds(10));
        start.SetResult();
        return await Task.WhenAll(attempts);
    }
}
