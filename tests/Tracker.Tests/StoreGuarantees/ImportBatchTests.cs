using Tracker.Claims;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.Exports;
using Tracker.Hosting;
using Tracker.Store;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>
/// Ledger.Import over several batches: a batch is checked while the one before it is written, yet the outcome is that
/// of batches run in turn. Streams cut by a batch boundary carry on in the next; a broken event stops the import with
/// the batches before its own committed, none of its own or later ones written, and nothing still being written.
/// </summary>
public sealed class ImportBatchTests(LedgerFixture db) : IClassFixture<LedgerFixture>
{
    private const int PerStream = 70;
    private readonly string newsroom = Desk.NewNewsroom();

    [Fact]
    public async Task Streams_cut_by_batch_boundaries_come_in_whole_with_their_snapshots()
    {
        var file = Claims(150);
        var progress = new List<long>();

        var result = await db.Ledger.Import(file.ToAsyncEnumerable(), new SyncProgress(progress.Add));

        result.ShouldBe(new ImportResult(file.Count, file.Count, 0, 150));
        progress.ShouldBe([5_000, 10_000, 10_500]);
        (await db.Ledger.Verify(newsroom)).Ok.ShouldBeTrue();
        foreach (var stream in file.GroupBy(e => e.Link.StreamId))
        {
            var snapshot = (await db.Ledger.Load<Claim>(newsroom, stream.Key)).ShouldNotBeNull();
            (snapshot.Version, snapshot.LastHash).ShouldBe((PerStream, stream.Last().Hash));
            snapshot.State.Text.ShouldBe(Text(stream.Key, PerStream));
        }
        (await db.Ledger.Import(file.ToAsyncEnumerable())).Imported.ShouldBe(0, "a rerun adds nothing");
    }

    [Fact]
    public async Task A_broken_event_in_a_later_batch_stops_the_import_with_the_batches_before_it_committed()
    {
        var file = Claims(150);
        // An event in the second batch (lines 5,000 to 9,999) whose payload no longer matches its hash.
        var broken = file[7_777];
        file[7_777] = broken with { Link = broken.Link with { DataJson = broken.Link.DataJson.Replace("percent", "per cent") } };

        var conflict = await Should.ThrowAsync<ImportConflictException>(() => db.Ledger.Import(file.ToAsyncEnumerable()));

        (conflict.StreamId, conflict.Version).ShouldBe((broken.Link.StreamId, broken.Link.Version));
        var rows = await db.Scalar("select count(*) from tracker.mt_events where tenant_id = $1", newsroom);
        rows.ShouldBe(5_000, "the first batch committed; the second was refused whole");
        await Task.Delay(300);
        (await db.Scalar("select count(*) from tracker.mt_events where tenant_id = $1", newsroom)).ShouldBe(rows, "nothing was still being written");
        (await db.Ledger.Verify(newsroom)).Ok.ShouldBeTrue();
        (await db.Ledger.Load<Claim>(newsroom, file[4_999].Link.StreamId)).ShouldNotBeNull().Version.ShouldBe(file[4_999].Link.Version,
            "a stream cut by the boundary stands where the first batch left it");
    }

    /// <summary>An export's lines for new claims of <see cref="PerStream"/> events each, chained and hashed.</summary>
    private List<ExportedEvent> Claims(int streams)
    {
        var types = TrackerStore.EventTypes();
        var now = EventHash.TruncateToMicroseconds(DateTimeOffset.UtcNow);
        var lines = new List<ExportedEvent>(streams * PerStream);
        for (var s = 0; s < streams; s++)
        {
            var stream = Guid.CreateVersion7();
            var prev = EventHash.Genesis;
            for (var v = 1; v <= PerStream; v++)
            {
                object data = v == 1 ? new ClaimLogged(Guid.CreateVersion7(), Text(stream, v), null) : new ClaimTextCorrected(Text(stream, v), "Checked again");
                var link = new ChainLink(newsroom, stream, ClaimEventTypes.StreamType, v, Guid.CreateVersion7(), types.AliasFor(data.GetType()), now,
                    types.SerializeCanonical(data), """{"actor":"importer"}""", prev);
                prev = EventHash.Compute(link);
                lines.Add(new ExportedEvent(lines.Count + 1, link, prev));
            }
        }
        return lines;
    }

    private static string Text(Guid stream, int version) => $"Alberta produces about 84 percent of Canada's crude ({stream:N}/{version})";

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
