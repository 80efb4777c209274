namespace Tracker.EventStore.Tests.Store;

public sealed class BulkAppendTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Bulk_import_through_COPY_chains_hashes_like_ordinary_appends()
    {
        var store = await db.Store();
        var streams = Enumerable.Range(0, 100).Select(s => new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream,
            Enumerable.Range(1, 10).Select(i => (object)new NoteTaken($"stream {s} note {i}")).ToList(), new EventMetadata("importer"))).ToList();
        var reported = new List<long>();
        (await store.BulkAppend("bulk", streams, new Progress<long>(reported.Add))).ShouldBe(1000);

        var one = await store.ReadStream("bulk", streams[42].StreamId);
        one.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 10));
        ((NoteTaken)one[9].Data).Text.ShouldBe("stream 42 note 10");
        var report = await store.Verify("bulk");
        report.Ok.ShouldBeTrue(string.Join("; ", report.Failures));
        report.Streams.ShouldBe(100);
        report.Events.ShouldBe(1000);

        // The import's event ids rise in the order it wrote them, so they go into the id index side by side.
        var ids = await db.Column<Guid>("select id from tracker.events where tenant_id = 'bulk' order by seq_id");
        ids.Select(id => id.ToString()).ShouldBe(ids.Select(id => id.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bulk_import_over_an_existing_stream_writes_nothing()
    {
        var store = await db.Store();
        var existing = Guid.CreateVersion7();
        await store.Append("bulk2", new StreamAppend(existing, "notebook", ExpectedVersion.NoStream, [new NoteTaken("here first")], EventMetadata.None));
        var fresh = Guid.CreateVersion7();
        await Should.ThrowAsync<ConcurrencyException>(() => store.BulkAppend("bulk2",
        [
            new StreamAppend(fresh, "notebook", ExpectedVersion.NoStream, [new NoteTaken("new")], EventMetadata.None),
            new StreamAppend(existing, "notebook", ExpectedVersion.NoStream, [new NoteTaken("clash")], EventMetadata.None),
        ]));
        (await store.ReadStream("bulk2", fresh)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_payload_that_cannot_be_hashed_fails_the_import_whole_with_its_own_error()
    {
        var store = await db.Store();
        // Hashing runs beside the COPY: a failure in stream 150 comes after earlier streams' rows were sent.
        var streams = Enumerable.Range(0, 200).Select(s => new StreamAppend(Guid.CreateVersion7(), "notebook", ExpectedVersion.NoStream,
            s == 150 ? [new NoteTaken("fine"), new Unregistered()] : [new NoteTaken($"stream {s}")], EventMetadata.None)).ToList();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => store.BulkAppend("bulk3", streams));

        error.Message.ShouldContain(nameof(Unregistered));
        (await store.ReadStream("bulk3", streams[0].StreamId)).ShouldBeEmpty();
        (await store.Verify("bulk3")).Events.ShouldBe(0);
    }

    private sealed record Unregistered;
}
