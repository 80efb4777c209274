using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Cli;
using Tracker.Corrections;
using Tracker.Replay;
using Tracker.Store;

namespace Tracker.Tests.Replay;

/// <summary>Both projections are read models only: cleared and replayed from the events by Marten, they come back row for row.</summary>
[Collection(ReplayCollection.Name)]
public sealed class RebuildTests(ReplayStory story)
{
    private static readonly string[] Tables = [.. new StoryTimelineProjection().Tables, .. new CorrectionsProjection().Tables];

    [Fact]
    public async Task Rebuilding_gives_the_same_rows()
    {
        await story.CatchUp();
        var before = await Rows();
        before[0].Count.ShouldBeGreaterThan(20);
        before[3].Count.ShouldBe(4, "the corrections register");

        // On the app's own daemon, which is running these projections: Marten stops the agent, rebuilds, and starts it again.
        var daemon = story.App.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var progress = new List<long>();
        foreach (var name in new[] { StoryTimelineProjection.ProjectionName, CorrectionsProjection.ProjectionName })
            await RebuildVerb.Run(daemon, story.Store, name, new Progress<long>(progress.Add));
        await story.CatchUp();

        (await Rows()).ShouldBe(before);
        progress.ShouldNotBeEmpty("the rebuild reports how far it has come");
    }

    /// <summary>Delivery is at least once: a batch applied again adds no row and moves no folded state.</summary>
    [Fact]
    public async Task A_batch_applied_again_changes_nothing()
    {
        await story.CatchUp();
        var before = await Rows();
        var events = await story.StoryEvents();
        var store = story.App.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(story.Newsroom))
        await using (var reads = await story.Store.DataSource.OpenConnectionAsync())
        {
            foreach (var projection in new ISqlProjection[] { new StoryTimelineProjection(), new CorrectionsProjection() })
                await projection.Apply(new SqlProjectionBatch(events.OrderBy(e => e.Sequence).ToList(), reads, session), CancellationToken.None);
            await session.SaveChangesAsync();
        }
        (await Rows()).ShouldBe(before);
    }

    /// <summary>A batch that is not a stream's beginning comes again (after a crash): the folded states must not fold it twice.</summary>
    [Fact]
    public async Task A_later_batch_applied_again_folds_nothing_twice()
    {
        await story.CatchUp();
        var before = await Rows();
        var later = (await story.StoryEvents()).Where(e => e.Version > 1).OrderBy(e => e.Sequence).ToList();
        var store = story.App.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(story.Newsroom))
        await using (var reads = await story.Store.DataSource.OpenConnectionAsync())
        {
            foreach (var projection in new ISqlProjection[] { new StoryTimelineProjection(), new CorrectionsProjection() })
                await projection.Apply(new SqlProjectionBatch(later, reads, session), CancellationToken.None);
            await session.SaveChangesAsync();
        }
        (await Rows()).ShouldBe(before);
    }

    private async Task<List<List<string>>> Rows()
    {
        var all = new List<List<string>>();
        foreach (var table in Tables)
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
