using Microsoft.Extensions.DependencyInjection;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Hosting;
using Tracker.Stories;
using Tracker.Tests.Support;
using Wolverine.Tracking;

namespace Tracker.Tests.Conventions;

/// <summary>
/// The workbench's, CLI's and demo loader's writes (Commands/DeskWrites) go through Wolverine's handlers: the aggregate
/// handler workflow fetches the stream exclusively, so writers of one claim queue instead of colliding, and a write to
/// nothing is "not found" with nothing appended.
/// </summary>
public sealed class DeskWriteTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    private static readonly Actor Desk = FirstStart.SystemActor("newsroom");

    private StoryCommands Stories => app.Services.GetRequiredService<StoryCommands>();
    private ClaimCommands Claims => app.Services.GetRequiredService<ClaimCommands>();

    [Fact]
    public async Task A_story_retitled_from_the_desk_is_a_message_Wolverine_handled_and_the_chain_verifies()
    {
        var story = Guid.CreateVersion7();
        (await Stories.Open(new(Desk), new OpenStory(story, "Alberta separatists", "Meetings"))).ShouldBeOfType<CommandOutcome.Appended>();
        CommandOutcome? outcome = null;
        var tracked = await app.Host.TrackActivity().ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ =>
            outcome = await Stories.On(new(Desk), story, StoryWrites.Retitling("US officials met Alberta separatists", "Clearer"), "Clearer")));

        tracked.Executed.SingleMessage<ChangeStory>().StoryId.ShouldBe(story);
        outcome.ShouldBeOfType<CommandOutcome.Appended>().Results.Single().Version.ShouldBe(2);
        (await app.Store.ReadStream("newsroom", story)).Select(e => e.Type).ShouldBe(["story_opened", "story_retitled"]);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }

    [Fact]
    public async Task A_desk_write_to_a_story_the_newsroom_does_not_have_is_not_found_and_appends_nothing()
    {
        var before = await app.EventCount();
        (await Stories.On(new(Desk), Guid.CreateVersion7(), StoryWrites.Retitling("Nothing", "None"), "None")).ShouldBeNull();
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Eight_notes_sent_at_once_to_one_claim_all_land_in_turn_on_one_chain()
    {
        var story = Guid.CreateVersion7();
        await Stories.Open(new(Desk), new OpenStory(story, "Alberta separatists", "Meetings"));
        var claim = Guid.CreateVersion7();
        (await Claims.Log(new(Desk), new LogClaim(claim, story, "About 30% of Albertans support sovereignty", null)))
            .ShouldBeOfType<CommandOutcome.Appended>();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Claims.On(new(Desk), claim, ClaimOrganiseWrites.Noting($"Note {i}: check the Pollara poll"))));

        outcomes.ShouldAllBe(o => o is CommandOutcome.Appended);
        outcomes.Select(o => ((CommandOutcome.Appended)o!).Results[0].Version).Order().ShouldBe(Enumerable.Range(2, 8));
        (await app.Store.ReadStream("newsroom", claim)).Count.ShouldBe(9);
        var verified = await app.Store.Verify("newsroom");
        verified.Ok.ShouldBeTrue(string.Join("; ", verified.Failures.Select(f => f.Problem)));
    }
}
