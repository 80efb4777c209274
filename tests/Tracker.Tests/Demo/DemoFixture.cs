using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Demo;
using Tracker.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Demo;

/// <summary>
/// A fresh app, then a second instance on its database started with --demo (which loads the story at start),
/// a colleague's edit of a demo claim, then a second load through the loader itself. Event counts by type are taken between the two loads.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public const string Newsroom = "newsroom";

    private Alba.IAlbaHost? demoApp;

    public TrackerAppFactory App { get; } = new();
    public DemoScript Script { get; } = DemoScript.Shipped();
    public DemoIds Ids { get; } = new(Newsroom);
    public IReadOnlyDictionary<string, long> EventsAfterFirstLoad { get; private set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> EventsAfterSecondLoad { get; private set; } = new Dictionary<string, long>();
    public DemoLoad SecondLoad { get; private set; } = null!;

    public IServiceProvider Services => demoApp!.Services;
    public NpgsqlDataSource Db => Services.GetRequiredService<NpgsqlDataSource>();

    public Tracker.Store.Ledger Ledger => Services.GetRequiredService<Tracker.Store.Ledger>();

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        demoApp = await App.WithWebHostBuilder(web => web.UseSetting("demo", "true"));
        await ColleagueRewordsADemoClaim();
        EventsAfterFirstLoad = await EventsByType();
        SecondLoad = await DemoLoader.From(Services).Load(Newsroom, Script);
        EventsAfterSecondLoad = await EventsByType();
    }

    /// <summary>What a colleague wrote after the first load; loading again must leave it standing.</summary>
    public const string ColleaguesWording = "Alberta Prosperity Project leaders met US State Department officials in Washington three times between April 2025 and January 2026.";

    private async Task ColleagueRewordsADemoClaim()
    {
        var frank = await Services.GetRequiredService<AccountDirectory>().FindById(Newsroom, Ids.Account("frank"));
        var claims = Services.GetRequiredService<ClaimCommands>();
        var outcome = await claims.On(new CommandContext(frank!), Ids.Claim("three-meetings"),
            (claim, by, now) => CorrectClaimTextDecision.Decide(new(ColleaguesWording, "Give the end of the period too."), claim, by, now));
        outcome.ShouldBeOfType<CommandOutcome.Appended>();
        // The claim is rated: an editor other than Frank signs the rewording off.
        var erin = await Services.GetRequiredService<AccountDirectory>().FindById(Newsroom, Ids.Account("erin"));
        (await claims.On(new CommandContext(erin!), Ids.Claim("three-meetings"),
            (claim, by, now) => DecideTextCorrectionDecision.Decide(new(claim.PendingTextCorrection!.TextCorrectionId, true), claim, by, now)))
            .ShouldBeOfType<CommandOutcome.Appended>();
    }

    public async Task<Claim> Claim(string key) =>
        (await Ledger.Load<Tracker.Claims.Claim>(Newsroom, Ids.Claim(key), CancellationToken.None)).ShouldNotBeNull($"claim {key}").State;

    private async Task<IReadOnlyDictionary<string, long>> EventsByType()
    {
        await using var cmd = Db.CreateCommand($"select type, count(*) from {TrackerStore.Schema}.mt_events where tenant_id = $1 group by type");
        cmd.Parameters.Add(new() { Value = Newsroom });
        var counts = new Dictionary<string, long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        demoApp?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}
