using Microsoft.Extensions.DependencyInjection;
using Tracker.Corrections;
using Tracker.EventStore;
using Tracker.Replay;

namespace Tracker.Tests.Replay;

/// <summary>Both projections are read models only: cleared and replayed from the events, they come back row for row.</summary>
[Collection(ReplayCollection.Name)]
public sealed class RebuildTests(ReplayStory story)
{
    /// <summary>In batches of 3 the timeline folds each batch from the states the batch before left, while that one is written.</summary>
    [Theory]
    [InlineData(2000)]
    [InlineData(3)]
    public async Task Rebuilding_gives_the_same_rows(int batchSize)
    {
        string[] tables = [StoryTimelineProjection.Table, CorrectionsProjection.Table,
            $"{StoryTimelineProjection.Table}_claims", $"{StoryTimelineProjection.Table}_sources", $"{CorrectionsProjection.Table}_claims"];
        var before = await Rows(tables);
        before[0].Count.ShouldBeGreaterThan(20);
        before[1].Count.ShouldBe(4);

        // The app's daemon stands still meanwhile, so the cleared tables can be seen empty.
        var daemon = story.App.Services.GetRequiredService<ProjectionDaemon>();
        await daemon.StopAsync(CancellationToken.None);
        try
        {
            foreach (var projection in story.Store.Options.AsyncProjections) await new ProjectionRunner(story.Store, projection).Reset();
            (await Rows(tables)).ShouldAllBe(rows => rows.Count == 0);
            foreach (var projection in story.Store.Options.AsyncProjections)
                await new ProjectionRunner(story.Store, projection, catchUpBatchSize: batchSize).CatchUp();
            await story.CatchUp();
        }
        finally
        {
            await daemon.StartAsync(CancellationToken.None);
        }

        (await Rows(tables)).ShouldBe(before);
    }

    /// <summary>Delivery is at least once: rows already there are skipped, whether the batch goes in by INSERT or by COPY (which falls back).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task A_batch_applied_again_adds_no_rows(int copyFrom)
    {
        var events = await story.Store.ReadStream(story.Newsroom, story.StoryId);
        await using var conn = await story.Store.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var projection = new StoryTimelineProjection(copyFrom);
        var before = await Count(conn);
        await projection.Apply(conn, new ProjectionBatch(events, ProjectionPosition.Start, ProjectionPosition.Start), CancellationToken.None);
        (await Count(conn)).ShouldBe(before);
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task A_large_batch_goes_in_by_COPY_as_the_same_rows()
    {
        var events = await story.Store.ReadStream(story.Newsroom, story.StoryId);
        var seqs = events.Select(e => e.Sequence).ToArray();
        await using var conn = await story.Store.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await TimelineRows(conn, seqs);
        before.Count.ShouldBe(events.Count);
        await using (var delete = new Npgsql.NpgsqlCommand($"delete from {StoryTimelineProjection.Table} where seq = any($1)", conn))
        {
            delete.Parameters.Add(new() { Value = seqs });
            await delete.ExecuteNonQueryAsync();
        }

        await new StoryTimelineProjection(copyFrom: 1).Apply(conn, new ProjectionBatch(events, ProjectionPosition.Start, ProjectionPosition.Start), CancellationToken.None);

        (await TimelineRows(conn, seqs)).ShouldBe(before);
        await tx.RollbackAsync();
    }

    private static async Task<List<string>> TimelineRows(Npgsql.NpgsqlConnection conn, long[] seqs)
    {
        await using var cmd = new Npgsql.NpgsqlCommand($"select t::text from {StoryTimelineProjection.Table} t where seq = any($1) order by seq", conn);
        cmd.Parameters.Add(new() { Value = seqs });
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public async Task A_timeline_table_made_by_an_earlier_version_loses_the_columns_now_read_from_the_event()
    {
        var events = await story.Store.ReadStream(story.Newsroom, story.StoryId);
        await using var conn = await story.Store.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The table as earlier versions made it: every event's ids, type and metadata copied, all required.
        await using (var old = new Npgsql.NpgsqlCommand($"""
            drop table {StoryTimelineProjection.Table};
            create table {StoryTimelineProjection.Table} (tenant_id text not null, seq bigint not null, story_id uuid not null,
                stream_id uuid not null, stream_type text not null, version int not null, event_id uuid not null, type text not null,
                actor text, reason text, summary text not null, recorded_at timestamptz not null, world_at timestamptz,
                constraint story_timeline_seq primary key (seq))
            """, conn))
            await old.ExecuteNonQueryAsync();
        var projection = new StoryTimelineProjection();

        await projection.EnsureSchema(conn, CancellationToken.None);
        await projection.Apply(conn, new ProjectionBatch(events, ProjectionPosition.Start, ProjectionPosition.Start), CancellationToken.None);

        (await Count(conn)).ShouldBe(events.Count);
        await using var columns = new Npgsql.NpgsqlCommand(
            "select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_schema = 'tracker' and table_name = 'story_timeline'", conn);
        (await columns.ExecuteScalarAsync()).ShouldBe("tenant_id,seq,story_id,stream_type,summary,recorded_at,world_at");
        await tx.RollbackAsync();
    }

    private async Task<long> Count(Npgsql.NpgsqlConnection conn)
    {
        await using var cmd = new Npgsql.NpgsqlCommand($"select count(*) from {StoryTimelineProjection.Table} where story_id = $1", conn);
        cmd.Parameters.Add(new() { Value = story.StoryId });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<List<List<string>>> Rows(string[] tables)
    {
        var all = new List<List<string>>();
        foreach (var table in tables)
        {
            await using var cmd = story.Store.DataSource.CreateCommand($"select t::text from {table} t order by t::text");
            var rows = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            all.Add(rows);
        }
        return all;
    }
}
