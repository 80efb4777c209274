using System.Text.Json;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Replay;
using Tracker.Store;
using Tracker.Tests.StoreGuarantees;

namespace Tracker.Tests.Replay;

/// <summary>
/// Reading a long claim as it stood starts from the nearest replay milestone, and gives exactly what Marten's fold of
/// the whole stream gives, at every kind of point: on a milestone, just before and after one, between two, by version
/// and by moment.
/// </summary>
public sealed class ReplayMilestonesTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private const int Versions = 250;
    private readonly string newsroom = Desk.NewNewsroom();
    private readonly Guid claim = Guid.CreateVersion7();

    [Fact]
    public async Task A_claim_read_from_its_milestones_is_the_fold_of_its_whole_stream()
    {
        var events = await LongClaim();
        // Two daemon batches: the second milestone starts from the first one committed, and within a batch from one made in it.
        await Project(events.Take(150));
        await Project(events.Skip(150));
        (await MilestoneVersions()).ShouldBe([100, 200]);

        foreach (var version in new[] { 1, 99, 100, 101, 150, 199, 200, 201, Versions })
        {
            Json(await db.Ledger.AggregateStream<Claim>(newsroom, claim, version: version)).ShouldBe(await WholeFold(version: version), $"version {version}");
            var at = events[version - 1].RecordedAt;
            Json(await db.Ledger.AggregateStream<Claim>(newsroom, claim, asOf: at)).ShouldBe(await WholeFold(asOf: at), $"as of version {version}");
        }
        Json(await db.Ledger.AggregateStream<Claim>(newsroom, claim)).ShouldBe(await WholeFold(), "now");
    }

    [Fact]
    public async Task A_batch_made_in_one_go_keeps_every_milestone()
    {
        var events = await LongClaim();
        await Project(events);
        await Project(events); // delivered again after a crash: nothing added, nothing changed
        (await MilestoneVersions()).ShouldBe([100, 200]);
        Json(await db.Ledger.AggregateStream<Claim>(newsroom, claim, version: 230)).ShouldBe(await WholeFold(version: 230));
    }

    [Fact]
    public async Task A_read_starts_from_the_latest_milestone_before_its_point()
    {
        var events = await LongClaim();
        await Project(events);
        // Mark the milestone at 100 in a field no later event touches: only a fold that starts from it shows the mark.
        await db.Execute($"update {ReplayMilestones.Table} set snapshot = jsonb_set(snapshot, '{{state,loggedBy}}', '\"milestone 100\"') " +
            "where tenant_id = $1 and stream_id = $2 and version = 100", newsroom, claim);

        (await db.Ledger.AggregateStream<Claim>(newsroom, claim, version: 150))!.State.LoggedBy.ShouldBe("milestone 100");
        (await db.Ledger.AggregateStream<Claim>(newsroom, claim, asOf: events[149].RecordedAt))!.State.LoggedBy.ShouldBe("milestone 100");
        (await db.Ledger.AggregateStream<Claim>(newsroom, claim, version: 99))!.State.LoggedBy.ShouldNotBe("milestone 100");
        (await db.Ledger.AggregateStream<Claim>(newsroom, claim, version: 200))!.State.LoggedBy.ShouldNotBe("milestone 100", "the milestone at 200 is nearer");
        (await db.Ledger.AggregateStream<Claim>(Desk.NewNewsroom(), claim, version: 150)).ShouldBeNull("another newsroom has no such claim and no milestone of it");
    }

    [Fact]
    public async Task A_version_recorded_by_a_clock_that_was_ahead_keeps_reads_before_that_time_off_the_milestone()
    {
        // One event at a time, a second apart, except version 60 (a note, which stays in the claim's state), recorded by a
        // node whose clock ran 1,000 s ahead.
        var start = new DateTimeOffset(2026, 2, 3, 9, 0, 0, TimeSpan.Zero);
        var clock = new SetClock();
        var ledger = db.LedgerOn(db.Store, clock);
        for (var version = 1; version <= 150; version++)
        {
            clock.Now = start.AddSeconds(version == 60 ? 1_000 : version);
            await ledger.Append(newsroom, version switch
            {
                1 => Desk.LogClaim(claim, Guid.CreateVersion7(), "Alberta produces about 84 percent of Canada's crude"),
                60 => new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(59), [new ClaimNoteAdded("Ask the ministry")], Desk.Ada),
                _ => Desk.CorrectClaim(claim, $"Alberta produces {version} percent", "Checked again", ExpectedVersion.Exactly(version - 1)),
            });
        }
        await Project(await db.Ledger.ReadStream(newsroom, claim));
        (await MilestoneVersions()).ShouldBe([100]);

        // As of 120 s, Marten's fold leaves the note out; the milestone at 100 holds it, so the read must not start there.
        (await WholeFold(asOf: start.AddSeconds(120))).ShouldNotContain("Ask the ministry");
        foreach (var seconds in new[] { 59, 60, 100, 120, 150, 999, 1_000 })
        {
            var at = start.AddSeconds(seconds);
            Json(await db.Ledger.AggregateStream<Claim>(newsroom, claim, asOf: at)).ShouldBe(await WholeFold(asOf: at), $"as of {seconds} s");
        }
    }

    /// <summary>A claim logged and corrected 249 times, in appends of up to 50 events.</summary>
    private async Task<IReadOnlyList<StoredEvent>> LongClaim()
    {
        await db.Ledger.Append(newsroom, Desk.LogClaim(claim, Guid.CreateVersion7(), "Alberta produces about 84 percent of Canada's crude"));
        for (var version = 1; version < Versions; version += 50)
        {
            var corrections = Enumerable.Range(version, Math.Min(50, Versions - version))
                .Select(i => (object)new ClaimTextCorrected($"Alberta produces about {84 + i % 2} percent of Canada's crude ({i})", "Figure checked again")).ToList();
            await db.Ledger.Append(newsroom, new StreamAppend(claim, ClaimEventTypes.StreamType, ExpectedVersion.Exactly(version), corrections, Desk.Ada));
        }
        var events = await db.Ledger.ReadStream(newsroom, claim);
        events.Count.ShouldBe(Versions);
        return events;
    }

    /// <summary>Applies the projection to these events as one daemon batch and commits it.</summary>
    private async Task Project(IEnumerable<StoredEvent> events)
    {
        await using var session = db.Store.LightweightSession(newsroom);
        await using var reads = await db.DataSource.OpenConnectionAsync();
        await new ReplayMilestones().Apply(new SqlProjectionBatch(events.ToList(), reads, session), CancellationToken.None);
        await session.SaveChangesAsync();
    }

    private async Task<List<long>> MilestoneVersions()
    {
        await using var cmd = db.DataSource.CreateCommand($"select version from {ReplayMilestones.Table} where tenant_id = $1 and stream_id = $2 order by version");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = claim });
        await using var reader = await cmd.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    /// <summary>Marten's fold of the stream from its first event, as the ledger read it before milestones.</summary>
    private async Task<string> WholeFold(int version = 0, DateTimeOffset? asOf = null)
    {
        await using var session = db.Store.QuerySession(newsroom);
        return Json(await session.Events.AggregateStreamAsync<Aggregate<Claim>>(claim, version, asOf));
    }

    private static string Json(Aggregate<Claim>? aggregate) => JsonSerializer.Serialize(aggregate.ShouldNotBeNull(), StoreJson.Options);

    private sealed class SetClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
