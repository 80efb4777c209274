namespace Tracker.EventStore.Tests.Store;

/// <summary>
/// A writer that read the head before deciding (FetchForWriting) appends in one round trip: the head moves only
/// from where it was read, so every conflict the locking path catches is still caught, and nothing is written.
/// </summary>
public sealed class KnownHeadTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private const string Schema = "known";
    private static readonly SnapshotProjection<Notebook> Notebooks = new(Schema, "notebooks", "notebook");

    private static StreamAppend Note(Guid id, KnownHead? head, string text) =>
        new(id, "notebook", head is null ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(head.Version), [new NoteTaken(text)],
            new EventMetadata("Ada <1>")) { Head = head };

    private Task<PostgresEventStore> Store(bool withSnapshot = true) =>
        db.Store(schema: Schema, configure: o => { if (withSnapshot) o.InlineProjections.Add(Notebooks); });

    [Fact]
    public async Task Appends_from_the_last_result_chain_correctly_and_keep_the_snapshot_at_the_head()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var result = await store.Append("desk", Note(id, null, "Rath: three meetings"));
        for (var i = 2; i <= 6; i++) result = await store.Append("desk", Note(id, result.Next, $"note {i}"));

        result.Version.ShouldBe(6);
        ((Notebook)result.State!).Notes.Count.ShouldBe(6);
        var events = await store.ReadStream("desk", id);
        events.Select(e => e.Version).ShouldBe([1, 2, 3, 4, 5, 6]);
        events.Select(e => e.Sequence).ShouldBeUnique();
        result.Events.Single().Sequence.ShouldBe(events[^1].Sequence);
        (await store.Verify("desk")).Ok.ShouldBeTrue();
        var snapshot = (await Notebooks.Load(store.DataSource, "desk", id, default))!;
        snapshot.Version.ShouldBe(6);
        snapshot.State.Notes.ShouldBe(PostgresEventStore.Fold<Notebook>(events)!.State.Notes);
    }

    [Fact]
    public async Task A_head_that_moved_since_it_was_read_is_a_conflict_naming_the_actual_version()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var read = (await store.Append("desk", Note(id, null, "one"))).Next;
        await store.Append("desk", Note(id, read, "two"));

        var stale = await Should.ThrowAsync<ConcurrencyException>(() => store.Append("desk", Note(id, read, "late")));
        stale.ActualVersion.ShouldBe(2);
        (await store.ReadStream("desk", id)).Count.ShouldBe(2);
        (await Notebooks.Load(store.DataSource, "desk", id, default))!.State.Notes.ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task Fifty_writers_racing_from_the_same_head_give_one_success_and_contiguous_versions()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var read = (await store.Append("desk", Note(id, null, "start"))).Next;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try { await store.Append("desk", Note(id, read, $"writer {i}")); return true; }
            catch (ConcurrencyException) { return false; }
        })));

        outcomes.Count(ok => ok).ShouldBe(1);
        (await store.ReadStream("desk", id)).Select(e => e.Version).ShouldBe([1, 2]);
        (await Notebooks.Load(store.DataSource, "desk", id, default))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task A_head_whose_hash_is_not_the_streams_is_refused_and_nothing_is_written()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var read = (await store.Append("desk", Note(id, null, "one"))).Next;

        await Should.ThrowAsync<ArgumentException>(() => store.Append("desk", Note(id, read with { LastHash = new string('a', 64) }, "forged")));
        (await store.ReadStream("desk", id)).Count.ShouldBe(1);
        (await store.Verify("desk")).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task An_archived_stream_refuses_an_append_from_a_known_head()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var read = (await store.Append("desk", Note(id, null, "one"))).Next;
        await store.Archive("desk", id);

        await Should.ThrowAsync<StreamArchivedException>(() => store.Append("desk", Note(id, read, "after archive")));
    }

    [Fact]
    public async Task A_known_head_needs_the_exact_expected_version_it_stands_at()
    {
        var store = await Store();
        var id = Guid.CreateVersion7();
        var read = (await store.Append("desk", Note(id, null, "one"))).Next;

        await Should.ThrowAsync<ArgumentException>(() => store.Append("desk", Note(id, read, "x") with { Expected = ExpectedVersion.Any }));
        await Should.ThrowAsync<ArgumentException>(() => store.Append("desk", Note(id, read, "x") with { Expected = ExpectedVersion.Exactly(5) }));
    }

    [Fact]
    public async Task A_snapshot_added_after_the_stream_is_folded_from_the_stream_and_then_read_for_writing()
    {
        var id = Guid.CreateVersion7();
        var before = await Store(withSnapshot: false);
        var result = await before.Append("desk", Note(id, null, "one"));
        result = await before.Append("desk", Note(id, result.Next, "two"));
        result.State.ShouldBeNull();

        var store = await Store();
        (await store.FetchForWriting<Notebook>("desk", id, "notebook"))!.State.Notes.ShouldBe(["one", "two"]);
        // The head the writer gives carries no state: the snapshot, missing, is folded from the stream.
        await store.Append("desk", Note(id, result.Next, "three"));

        var current = (await store.FetchForWriting<Notebook>("desk", id, "notebook"))!;
        current.Version.ShouldBe(3);
        current.State.Notes.ShouldBe(["one", "two", "three"]);
        current.LastHash.ShouldBe((await store.ReadStream("desk", id))[^1].Hash);
        (await store.FetchForWriting<Notebook>("desk", Guid.CreateVersion7(), "notebook")).ShouldBeNull();
        (await store.FetchForWriting<Notebook>("desk", id, "ledger")).ShouldBeNull();
    }
}
