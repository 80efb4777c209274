using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Commands;
using Tracker.Demo;
using Tracker.Tests.Support;

namespace Tracker.Tests.Demo;

/// <summary>
/// Loading the demo into a newsroom where someone already has one of its people's names (the README's own examples did)
/// stops before anything is written, naming the clash, instead of half-way through the demo's accounts.
/// </summary>
public sealed class DemoNameClashTests(TrackerAppFactory app) : IClassFixture<TrackerAppFactory>
{
    [Fact]
    public async Task A_name_already_taken_stops_the_load_whole_and_says_which()
    {
        var script = DemoScript.Shipped();
        var clash = script.Accounts[^1].Name;
        await SignUp.Create(app.Admin, app.Client(), clash, [Role.Factchecker]);
        var eventsBefore = await app.EventCount();

        var refused = await Should.ThrowAsync<DemoLoadException>(() => DemoLoader.From(app.Services).Load("newsroom", script));

        refused.Message.ShouldContain($"already has other accounts named {clash}");
        refused.Message.ShouldContain("nothing was loaded");
        (await app.EventCount()).ShouldBe(eventsBefore, "no account, story or claim of the demo was written");
        var directory = app.Services.GetRequiredService<AccountDirectory>();
        (await directory.NameTaken("newsroom", script.Accounts[0].Name)).ShouldBeFalse("the demo's first account was not made before the clash was seen");
    }
}
