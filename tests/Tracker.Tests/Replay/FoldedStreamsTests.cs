using Npgsql;
using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Replay;
using Tracker.Testing;

namespace Tracker.Tests.Replay;

/// <summary>
/// An async projection's folded states are remembered between batches, but only from the checkpoint position the last
/// committed batch ended at. Each test changes the table behind the projection's back, so a state read from the table
/// and a remembered one can be told apart.
/// </summary>
public sealed class FoldedStreamsTests : IAsyncLifetime
{
    private const string Desk = "desk";
    private static readonly ProjectionPosition P1 = new("100", 1), P2 = new("101", 2), P3 = new("102", 3);
    private readonly FoldedStreams<Claim> claims = new("folded_streams_test");
    private readonly Guid claimId = Guid.CreateVersion7(), otherId = Guid.CreateVersion7();
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await TestDatabase.CreateDatabase("folded"));
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.Execute("create schema if not exists tracker", default);
        await claims.EnsureSchema(conn, default);
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task A_batch_starting_where_the_last_committed_one_ended_uses_the_remembered_state()
    {
        await Apply(ProjectionPosition.Start, P1, Logged("first"));
        await Tamper("changed behind its back");

        (await StateFrom(P1)).Text.ShouldBe("first");
    }

    [Fact]
    public async Task A_batch_starting_anywhere_else_reads_the_table()
    {
        await Apply(ProjectionPosition.Start, P1, Logged("first"));
        await Tamper("changed behind its back");

        // Another node ran the projection on, or a rebuild started it again.
        (await StateFrom(new ProjectionPosition("900", 90))).Text.ShouldBe("changed behind its back");
    }

    [Fact]
    public async Task A_batch_that_rolled_back_leaves_nothing_of_its_states_behind()
    {
        await Apply(ProjectionPosition.Start, P1, Logged("first"));
        await Apply(P1, P2, Corrected("second", 2), commit: false);

        // The checkpoint still stands at P1, so the next batch starts there again.
        (await StateFrom(P1)).Text.ShouldBe("first");
        await Apply(P1, P3, Corrected("third", 2));
        await Tamper("changed behind its back");
        (await StateFrom(P3)).Text.ShouldBe("third");
    }

    [Fact]
    public async Task States_join_what_is_remembered_batch_after_batch()
    {
        await Apply(ProjectionPosition.Start, P1, Logged("first"));
        await Apply(P1, P2, Corrected("second", 2));
        await Tamper("changed behind its back");

        (await StateFrom(P2)).Text.ShouldBe("second");
    }

    [Fact]
    public async Task States_of_a_batch_that_began_before_another_run_moved_on_are_not_mixed_with_that_runs()
    {
        await Apply(ProjectionPosition.Start, P1, Logged("first"), Logged("other first", otherId));
        // One run of the projection starts a batch from P1 ...
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var slow = await claims.Load(conn, new ProjectionBatch([], P1, P2), [(Desk, claimId)], default);
        slow.Evolve(Corrected("second", 2));
        // ... while another, elsewhere in the order, folds the other claim and moves on.
        var elsewhere = new ProjectionPosition("900", 90);
        await Apply(elsewhere, elsewhere with { Seq = 91 }, Corrected("other, elsewhere", 2, otherId));
        (await StateFrom(elsewhere with { Seq = 91 }, otherId)).Text.ShouldBe("other, elsewhere");
        await slow.Save(conn, default);
        await tx.CommitAsync();
        await Tamper("changed behind its back", otherId);

        // What the other run remembers holds at its own position, not at P2.
        (await StateFrom(P2, otherId)).Text.ShouldBe("changed behind its back");
    }

    private async Task Apply(ProjectionPosition from, ProjectionPosition to, params StoredEvent[] events) =>
        await Apply(from, to, commit: true, events);

    private async Task Apply(ProjectionPosition from, ProjectionPosition to, StoredEvent e, bool commit) =>
        await Apply(from, to, commit, [e]);

    private async Task Apply(ProjectionPosition from, ProjectionPosition to, bool commit, StoredEvent[] events)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var batch = await claims.Load(conn, new ProjectionBatch(events, from, to), events.Select(e => (e.Tenant, e.StreamId)), default);
        foreach (var e in events) batch.Evolve(e);
        await batch.Save(conn, default);
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
    }

    private async Task<Claim> StateFrom(ProjectionPosition from, Guid? id = null)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var batch = await claims.Load(conn, new ProjectionBatch([], from, from), [(Desk, id ?? claimId)], default);
        return batch[Desk, id ?? claimId];
    }

    private async Task Tamper(string text, Guid? id = null)
    {
        await using var cmd = dataSource.CreateCommand($"update {claims.Table} set state = jsonb_set(state, '{{text}}', to_jsonb($1::text)) where id = $2");
        cmd.Parameters.Add(new() { Value = text });
        cmd.Parameters.Add(new() { Value = id ?? claimId });
        (await cmd.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private StoredEvent Logged(string text, Guid? id = null) => Event(id ?? claimId, 1, new ClaimLogged(Guid.CreateVersion7(), text, null));

    private StoredEvent Corrected(string text, int version, Guid? id = null) =>
        Event(id ?? claimId, version, new ClaimTextCorrected(text, "Wording as published"));

    private static StoredEvent Event(Guid id, int version, object data) =>
        new(version, Guid.CreateVersion7(), Desk, id, ClaimEventTypes.StreamType, version, "", data, new EventMetadata("Ada <1>"), DateTimeOffset.UtcNow, "", "");
}
