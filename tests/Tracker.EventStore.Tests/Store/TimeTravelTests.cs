using System.Text.Json;

namespace Tracker.EventStore.Tests.Store;

public sealed class TimeTravelTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task A_stream_folds_to_any_version_or_moment()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 29, 9, 0, 0, TimeSpan.Zero));
        var store = await db.Store(clock);
        var id = Guid.CreateVersion7();
        var by = new EventMetadata("Ada <1>");
        await store.Append("desk", new StreamAppend(id, "notebook", ExpectedVersion.NoStream, [new NoteTaken("three times since April")], by));
        var afterFirst = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(1));
        await store.Append("desk", new StreamAppend(id, "notebook", ExpectedVersion.Exactly(1), [new NoteAmended("at least three times since April 2025", 2)], by));
        clock.Advance(TimeSpan.FromHours(1));
        await store.Append("desk", new StreamAppend(id, "notebook", ExpectedVersion.Exactly(2), [new NoteTaken("multiple meetings")], by));

        (await store.AggregateStream<Notebook>("desk", id))!.State.Notes.ShouldBe(["at least three times since April 2025", "multiple meetings"]);
        var v1 = (await store.AggregateStream<Notebook>("desk", id, version: 1))!;
        v1.Version.ShouldBe(1);
        v1.State.Notes.ShouldBe(["three times since April"]);
        var then = (await store.AggregateStream<Notebook>("desk", id, asOf: afterFirst.AddMinutes(30)))!;
        then.Version.ShouldBe(1);
        then.State.Notes.ShouldBe(["three times since April"]);
        (await store.AggregateStream<Notebook>("desk", id, asOf: afterFirst.AddMinutes(-1))).ShouldBeNull();
    }

    [Fact]
    public async Task Recorded_times_are_kept_to_the_microsecond_so_they_hash_the_same_after_reading()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 11, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));
        var store = await db.Store(clock);
        var id = Guid.CreateVersion7();
        await store.Append("desk", new StreamAppend(id, "notebook", ExpectedVersion.NoStream, [new NoteTaken("x")], EventMetadata.None));
        var e = (await store.ReadStream("desk", id)).Single();
        e.RecordedAt.Ticks.ShouldBe(clock.GetUtcNow().Ticks - 7, "ticks below a microsecond are truncated");
        (await store.Verify("desk")).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task Stored_type_names_are_aliases_and_old_payloads_are_upcast_on_read()
    {
        var store = await db.Store(configure: o => o.Types
            .Upcast("note_amended", json => { json["revision"] ??= 1; return json; }));
        var id = Guid.CreateVersion7();
        await store.Append("upcast-desk", new StreamAppend(id, "notebook", ExpectedVersion.NoStream, [new NoteTaken("a")], EventMetadata.None));
        // An old writer stored note_amended without a revision: the upcaster fills the gap on read.
        await using (var cmd = db.DataSource.CreateCommand(
            "insert into tracker.events (id, tenant_id, stream_id, version, type, data, metadata, \"timestamp\", prev_hash, hash) " +
            "values ($1, 'upcast-desk', $2, 2, 'note_amended', '{\"text\":\"b\"}', '{}', now(), '\\x00', '\\x00')"))
        {
            cmd.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            cmd.Parameters.Add(new() { Value = id });
            await cmd.ExecuteNonQueryAsync();
        }
        var events = await store.ReadStream("upcast-desk", id);
        events[1].Data.ShouldBe(new NoteAmended("b", 1));

        var reader = new PostgresEventStore(db.DataSource, new EventStoreOptions(), TimeProvider.System);
        (await reader.ReadStream("upcast-desk", id))[0].Data.ShouldBeOfType<JsonElement>().GetProperty("text").GetString().ShouldBe("a");
    }

    [Fact]
    public void Aliases_must_be_snake_case_and_unique()
    {
        var types = new EventTypeRegistry();
        Should.Throw<ArgumentException>(() => types.Register<NoteTaken>("NoteTaken"));
        types.Register<NoteTaken>("note_taken");
        Should.Throw<InvalidOperationException>(() => types.Register<NoteAmended>("note_taken"));
        Should.Throw<InvalidOperationException>(() => types.AliasFor(typeof(string)));
    }
}
