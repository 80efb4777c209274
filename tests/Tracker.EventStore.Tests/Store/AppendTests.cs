using Tracker.EventStore.Hashing;

namespace Tracker.EventStore.Tests.Store;

public sealed class AppendTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private static StreamAppend Notes(Guid id, ExpectedVersion expected, params string[] texts) =>
        new(id, "notebook", expected, texts.Select(t => (object)new NoteTaken(t)).ToList(), new EventMetadata("Ada <1>", "because"));

    [Fact]
    public async Task A_new_stream_starts_at_version_one_and_chains_from_64_zeros()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        var result = await store.Append("desk", Notes(id, ExpectedVersion.NoStream, "Rath said three meetings", "FT reported it"));

        result.Version.ShouldBe(2);
        var events = await store.ReadStream("desk", id);
        events.Select(e => e.Version).ShouldBe([1, 2]);
        events[0].PrevHash.ShouldBe(new string('0', 64));
        events[1].PrevHash.ShouldBe(events[0].Hash);
        events[0].Type.ShouldBe("note_taken");
        events[0].Data.ShouldBe(new NoteTaken("Rath said three meetings"));
        events[0].Metadata.ShouldBe(new EventMetadata("Ada <1>", "because"));
        events[0].Id.Version.ShouldBe(7);
        events[0].Sequence.ShouldBeLessThan(events[1].Sequence);
    }

    [Fact]
    public async Task Exact_and_any_expectations_are_checked_before_anything_is_written()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append("desk", Notes(id, ExpectedVersion.NoStream, "one"));
        await store.Append("desk", Notes(id, ExpectedVersion.Exactly(1), "two"));
        await store.Append("desk", Notes(id, ExpectedVersion.Any, "three"));

        var stale = await Should.ThrowAsync<ConcurrencyException>(() => store.Append("desk", Notes(id, ExpectedVersion.Exactly(1), "late")));
        stale.ActualVersion.ShouldBe(3);
        await Should.ThrowAsync<ConcurrencyException>(() => store.Append("desk", Notes(id, ExpectedVersion.NoStream, "again")));
        (await store.ReadStream("desk", id)).Select(e => ((NoteTaken)e.Data).Text).ShouldBe(["one", "two", "three"]);
    }

    [Fact]
    public async Task Fifty_concurrent_appends_with_the_same_expected_version_give_one_success()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append("desk", Notes(id, ExpectedVersion.NoStream, "start"));

        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try { await store.Append("desk", Notes(id, ExpectedVersion.Exactly(1), $"writer {i}")); return true; }
            catch (ConcurrencyException) { return false; }
        }));
        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(ok => ok).ShouldBe(1);
        outcomes.Count(ok => !ok).ShouldBe(49);
        (await store.ReadStream("desk", id)).Select(e => e.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Concurrent_creations_of_one_stream_raise_the_concurrency_exception_not_a_unique_violation()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try { await store.Append("desk", Notes(id, ExpectedVersion.NoStream, $"first? {i}")); return true; }
            catch (ConcurrencyException) { return false; }
        }));
        (await Task.WhenAll(attempts)).Count(ok => ok).ShouldBe(1);
        (await store.ReadStream("desk", id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Appends_to_several_streams_commit_together_or_not_at_all()
    {
        var store = await db.Store();
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await store.Append("desk", Notes(b, ExpectedVersion.NoStream, "b1"));

        await Should.ThrowAsync<ConcurrencyException>(() => store.Append("desk",
            [Notes(a, ExpectedVersion.NoStream, "a1"), Notes(b, ExpectedVersion.Exactly(0), "b2")]));
        (await store.ReadStream("desk", a)).ShouldBeEmpty();
        (await store.ReadStream("desk", b)).Count.ShouldBe(1);

        var both = await store.Append("desk", [Notes(a, ExpectedVersion.NoStream, "a1"), Notes(b, ExpectedVersion.Exactly(1), "b2")]);
        both.Select(r => r.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Tenants_do_not_see_each_others_streams()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append("desk-a", Notes(id, ExpectedVersion.NoStream, "secret"));
        (await store.ReadStream("desk-b", id)).ShouldBeEmpty();
        (await store.AggregateStream<Notebook>("desk-b", id)).ShouldBeNull();
        await store.Append("desk-b", Notes(id, ExpectedVersion.NoStream, "same id, other desk"));
        (await store.ReadStream("desk-a", id)).Single().Data.ShouldBe(new NoteTaken("secret"));
    }

    [Fact]
    public async Task Hashes_follow_the_published_recipe()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append("desk", Notes(id, ExpectedVersion.NoStream, "café \"quoted\"\n"));
        var e = (await store.ReadStream("desk", id)).Single();

        var canonical =
            $$"""{"data":{"text":"café \"quoted\"\n"},"eventId":"{{e.Id}}","metadata":{"actor":"Ada <1>","reason":"because"},"prevHash":"{{new string('0', 64)}}","recordedAt":"{{e.RecordedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}}","streamId":"{{id}}","streamType":"notebook","tenant":"desk","type":"note_taken","version":1}""";
        EventHash.Canonical(PostgresEventStore.LinkOf(e)).ShouldBe(canonical);
        e.Hash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public async Task Archived_streams_keep_their_events_and_take_no_more()
    {
        var store = await db.Store();
        var id = Guid.CreateVersion7();
        await store.Append("desk", Notes(id, ExpectedVersion.NoStream, "old"));
        await store.Archive("desk", id);

        var events = await store.ReadStream("desk", id);
        events.Single().IsArchived.ShouldBeTrue();
        (await store.FetchStreamState("desk", id))!.Value.IsArchived.ShouldBeTrue();
        await Should.ThrowAsync<StreamArchivedException>(() => store.Append("desk", Notes(id, ExpectedVersion.Any, "new")));
        (await store.Verify("desk")).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task An_inline_projection_that_fails_rolls_the_events_back()
    {
        var store = await db.Store(configure: o => o.InlineProjections.Add(new ThrowingProjection()));
        var id = Guid.CreateVersion7();
        await Should.ThrowAsync<InvalidOperationException>(() => store.Append("desk", Notes(id, ExpectedVersion.NoStream, "boom")));
        (await store.ReadStream("desk", id)).ShouldBeEmpty();
    }

    private sealed class ThrowingProjection : IInlineProjection
    {
        public Task EnsureSchema(Npgsql.NpgsqlConnection conn, CancellationToken ct) => Task.CompletedTask;
        public bool Handles(string streamType) => true;
        public Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
            events.Any(e => e.Data is NoteTaken { Text: "boom" }) ? throw new InvalidOperationException("projection failed") : Task.CompletedTask;
    }
}
