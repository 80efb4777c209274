using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Tests.Support;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Replay;

[CollectionDefinition(Name)]
public sealed class ReplayCollection : ICollectionFixture<ReplayStory>
{
    public const string Name = "replay";
}

/// <summary>
/// One app and one story, built once through the command services as a desk would build it: sources with
/// publication dates, claims with attribution chains, verdicts signed off, and each kind of correction.
/// A second story of the same newsroom and a story of another newsroom stand beside it and must never show in it.
/// </summary>
public sealed class ReplayStory : IAsyncLifetime
{
    public static readonly DateTimeOffset FtPublished = new(2026, 1, 28, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GlobalTimesPublished = new(2026, 1, 30, 6, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset PollPublished = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MeetingsClaimed = new(2026, 1, 28, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NineteenClaimed = new(2026, 1, 16, 0, 0, 0, TimeSpan.Zero);
    public const string Retitled = "US officials met Alberta separatists three times";
    public const string Reworded = "APP leaders met State Department officials at least three times since April 2025";

    public TrackerAppFactory App { get; } = new();
    public Tracker.Store.Ledger Store => App.Store;
    public Guid StoryId { get; } = Guid.CreateVersion7();
    public Guid Meetings { get; } = Guid.CreateVersion7();
    public Guid Nineteen { get; } = Guid.CreateVersion7();
    public Guid Thirty { get; } = Guid.CreateVersion7();
    public Guid OtherStoryId { get; } = Guid.CreateVersion7();
    public Guid ForeignStoryId { get; } = Guid.CreateVersion7();
    public Guid GlobalTimesRelayed { get; } = Guid.CreateVersion7();
    public Guid FirstVerdict { get; } = Guid.CreateVersion7();
    public Guid SecondVerdict { get; } = Guid.CreateVersion7();

    /// <summary>Any role of this newsroom reads the replay; a reporter is enough.</summary>
    public HttpClient Reader { get; private set; } = null!;

    /// <summary>The admin of another newsroom, which has a story of its own.</summary>
    public HttpClient Stranger { get; private set; } = null!;

    public IReadOnlyList<Guid> Claims => [Meetings, Nineteen, Thirty];

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        var rosa = await Account("Rosa Reporter", Role.Reporter);
        var farid = await Account("Farid Factchecker", Role.Factchecker);
        var erin = await Account("Erin Editor", Role.Editor);
        var ed = await Account("Ed Itor", Role.Editor);
        Reader = (await App.As(Role.Reporter)).Client;

        var (ft, globalTimes, rath, pollara) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await Register(rosa, ft, SourceKind.Article, "Financial Times", FtPublished);
        await Register(rosa, globalTimes, SourceKind.Article, "Global Times", GlobalTimesPublished);
        await Register(rosa, rath, SourceKind.Person, "Jeff Rath", null);
        await Register(rosa, pollara, SourceKind.Poll, "Pollara", PollPublished);

        await Ok(Service<StoryCommands>().Open(new(rosa), new OpenStory(StoryId, StoryTitle, StorySummary)));
        var ftReported = Guid.CreateVersion7();
        await Ok(Claim().Log(new(rosa), new LogClaim(Meetings, StoryId, ThreeMeetings, MeetingsClaimed),
            new AddAttribution(ftReported, ft, AttributionRole.Reporter, ThreeMeetingsAsGlobalTimes, null, null)));
        await Ok(Claim().AddAttribution(new(rosa), Meetings, new(GlobalTimesRelayed, globalTimes, AttributionRole.Relay, ThreeMeetingsAsGlobalTimes, null, ftReported)));
        await Ok(Claim().AddAttribution(new(rosa), Meetings, new(Guid.CreateVersion7(), rath, AttributionRole.Claimant, RathHighestLevel, null, null)));
        await On(farid, Meetings, (c, by, now) => ProposeVerdictDecision.Decide(new(FirstVerdict, "mostly_true", "Rath confirms the meetings.", MeetingsEvidence, null), c, by, now, RatingScale.Default));
        await On(erin, Meetings, (c, by, now) => ApproveVerdictDecision.Decide(new(FirstVerdict), c, by, now));
        await On(farid, Meetings, (c, by, now) => CorrectClaimTextDecision.Decide(new(Reworded, "LA News gives the year"), c, by, now), "LA News gives the year");
        // The claim is rated, so the rewording waits for an editor other than Farid.
        await On(erin, Meetings, (c, by, now) => DecideTextCorrectionDecision.Decide(new(c.PendingTextCorrection!.TextCorrectionId, true), c, by, now));
        await On(farid, Meetings, (c, by, now) => ProposeVerdictDecision.Decide(new(SecondVerdict, "false", "The count rests on the group's account.", MeetingsEvidence, "The count comes from the group alone."), c, by, now, RatingScale.Default));
        await On(erin, Meetings, (c, by, now) => ApproveVerdictDecision.Decide(new(SecondVerdict), c, by, now));
        await On(erin, Meetings, (c, by, now) => WithdrawAttributionDecision.Decide(new(GlobalTimesRelayed, "Global Times relayed CNN here"), c, by, now), "Global Times relayed CNN here");
        await On(ed, Meetings, (c, by, now) => VoidVerdictDecision.Decide(new(SecondVerdict, "Rated the wrong claim"), c, by, now), "Rated the wrong claim");

        await Ok(Claim().Log(new(rosa), new LogClaim(Nineteen, StoryId, NineteenPercent, NineteenClaimed),
            new AddAttribution(Guid.CreateVersion7(), pollara, AttributionRole.Reporter, NineteenPercent, null, null)));
        await Ok(Claim().Log(new(rosa), new LogClaim(Thirty, StoryId, ThirtyPercent, null)));
        await Ok(Claim().Link(new(farid), Thirty, new LinkClaims(Nineteen, LinkRelation.Contradicts, "19% vs 30%")));
        await Ok(Service<StoryCommands>().On(new(rosa), StoryId, StoryWrites.Retitling(Retitled, "A clearer title"), "A clearer title"));

        // Neighbours that must stay out of this story's timeline.
        await Ok(Service<StoryCommands>().Open(new(rosa), new OpenStory(OtherStoryId, "Alberta's share of Canada's oil", "84% or 85%?")));
        await Ok(Claim().Log(new(rosa), new LogClaim(Guid.CreateVersion7(), OtherStoryId, EightyFourPercent, null)));
        var other = (await FirstStart.OpenNewsroom(App.Services, "other-desk", "Other desk", CancellationToken.None))!;
        Stranger = App.Client(other.Token);
        var stranger = (await Service<AccountDirectory>().FindByToken(other.Token!))!;
        await Ok(Service<StoryCommands>().Open(new(stranger), new OpenStory(ForeignStoryId, StoryTitle, StorySummary)));
        await Ok(Claim().Log(new(stranger), new LogClaim(Guid.CreateVersion7(), ForeignStoryId, ThreeMeetings, MeetingsClaimed)));

        await CatchUp();
    }

    /// <summary>Waits until the app's daemon has projected every event.</summary>
    public Task CatchUp() => App.ProjectionsCaughtUp();

    /// <summary>The story's events and its claims' events as the store holds them.</summary>
    public async Task<List<StoredEvent>> StoryEvents()
    {
        var events = new List<StoredEvent>(await Store.ReadStream(Newsroom, StoryId));
        foreach (var claim in Claims) events.AddRange(await Store.ReadStream(Newsroom, claim));
        return events;
    }

    public string Newsroom { get; private set; } = "";

    private async Task<Actor> Account(string name, Role role)
    {
        var account = await SignUp.Create(App.Admin, App.Client(), name, [role]);
        var actor = (await Service<AccountDirectory>().FindByToken(account.Token))!;
        Newsroom = actor.Newsroom;
        return actor;
    }

    private Task Register(Actor by, Guid id, SourceKind kind, string name, DateTimeOffset? publishedAt) =>
        Ok(Service<SourceCommands>().Register(new(by), new RegisterSource(id, kind, name, null, null, null, publishedAt)));

    private Task On(Actor by, Guid claimId, Func<Claim, Actor, DateTimeOffset, Decision> decide, string? reason = null) =>
        Ok(Claim().On(new(by), claimId, decide, reason));

    private ClaimCommands Claim() => Service<ClaimCommands>();

    private T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    private static async Task Ok<T>(Task<T> command) where T : CommandOutcome? =>
        (await command).ShouldBeOfType<CommandOutcome.Appended>();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}
