using Npgsql;

namespace Tracker.EventStore.Tests.Store;

/// <summary>
/// A session is one unit of work's connection: every fetch and append made through it uses that connection, so a
/// web request takes one from the pool, not one per call. The pool here holds a single connection: any call that
/// took a second one would wait for it and time out.
/// </summary>
public sealed class StoreSessionTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private const string Schema = "sessions";
    private static readonly SnapshotProjection<Notebook> Notebooks = new(Schema, "notebooks", "notebook");

    [Fact]
    public async Task Fetch_and_append_through_a_session_share_its_one_connection()
    {
        await using var single = SinglePool();
        var store = await Store(single);
        var id = Guid.CreateVersion7();

        await using (var session = new StoreSession(single))
        {
            var pid = (await session.Connection()).ProcessID;
            var first = await store.Append("desk", [Note(id, null, "Rath: three meetings")], null, session);
            var fetched = await store.FetchForWriting<Notebook>("desk", id, "notebook", session);
            await store.Append("desk", [Note(id, fetched!.Head, "Rath: at least three")], null, session);
            (await session.Connection()).ProcessID.ShouldBe(pid);
            first[0].Version.ShouldBe(1);
        }

        // Disposed, the session gave its connection back: a call of its own can take it.
        (await store.ReadStream("desk", id)).Select(e => ((NoteTaken)e.Data).Text).ShouldBe(["Rath: three meetings", "Rath: at least three"]);
    }

    [Fact]
    public async Task A_session_whose_connection_was_cut_opens_a_fresh_one()
    {
        var store = await Store(db.DataSource);
        await using var session = new StoreSession(db.DataSource);
        var cut = (await session.Connection()).ProcessID;
        await using (var kill = db.DataSource.CreateCommand("select pg_terminate_backend($1)"))
        {
            kill.Parameters.Add(new() { Value = cut });
            await kill.ExecuteScalarAsync();
        }

        // The call that meets the cut fails (as a request would, with 503); the next one gets a new connection.
        await Should.ThrowAsync<NpgsqlException>(() => store.FetchForWriting<Notebook>("desk", Guid.CreateVersion7(), "notebook", session));
        (await store.FetchForWriting<Notebook>("desk", Guid.CreateVersion7(), "notebook", session)).ShouldBeNull();
        (await session.Connection()).ProcessID.ShouldNotBe(cut);
    }

    private NpgsqlDataSource SinglePool() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 1, Timeout = 3 }.ConnectionString);

    private static async Task<PostgresEventStore> Store(NpgsqlDataSource dataSource)
    {
        var options = new EventStoreOptions { Schema = Schema };
        options.Types.Register<NoteTaken>("note_taken").Register<NoteAmended>("note_amended");
        options.InlineProjections.Add(Notebooks);
        var store = new PostgresEventStore(dataSource, options, TimeProvider.System);
        await store.Migrate();
        return store;
    }

    private static StreamAppend Note(Guid id, KnownHead? head, string text) =>
        new(id, "notebook", head is null ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(head.Version), [new NoteTaken(text)],
            new EventMetadata("Ada <1>")) { Head = head };
}
