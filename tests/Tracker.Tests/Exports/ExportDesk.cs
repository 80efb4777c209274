using Microsoft.Extensions.DependencyInjection;
using Tracker.Accounts;
using Tracker.Claims;
using Tracker.Commands;
using Tracker.Sources;
using Tracker.Stories;
using Tracker.Tests.Support;
using Tracker.Verdicts;

namespace Tracker.Tests.Exports;

/// <summary>
/// One app and one small story, built once for every export test through the same command services users go
/// through: a claim with a claimant, a reporter and a relay, rated and then corrected; an unscored verdict on a
/// claim that reads like a spreadsheet formula; an unrated claim full of commas, quotes and line breaks; and a
/// second story the story filter must leave out.
/// </summary>
public sealed class ExportDesk : IAsyncLifetime
{
    public const string Newsroom = "newsroom";
    public const string FormulaText = "=1+1 said the spreadsheet";
    public const string AwkwardText = "He said \"not a secret, at all\",\nthen: 19% vs 30%; ok?";

    public TrackerAppFactory App { get; } = new();
    public Guid StoryId { get; } = Guid.CreateVersion7();
    public Guid OtherStoryId { get; } = Guid.CreateVersion7();
    public Guid MeetingsClaim { get; } = Guid.CreateVersion7();
    public Guid FormulaClaim { get; } = Guid.CreateVersion7();
    public Guid AwkwardClaim { get; } = Guid.CreateVersion7();
    public Guid OtherClaim { get; } = Guid.CreateVersion7();
    public Guid FirstVerdict { get; } = Guid.CreateVersion7();
    public Guid CorrectingVerdict { get; } = Guid.CreateVersion7();
    public Guid UnscoredVerdict { get; } = Guid.CreateVersion7();

    private CommandContext ada = null!, ed = null!;

    /// <summary>Made once: every new account is new events, which would move the exports under a test's feet.</summary>
    public HttpClient Auditor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        ada = await Context(Role.Editor);
        ed = await Context(Role.Editor);
        Auditor = await As(Role.Auditor);
        var stories = App.Services.GetRequiredService<StoryCommands>();
        var claims = App.Services.GetRequiredService<ClaimCommands>();

        Ok(await stories.Open(ada, new OpenStory(StoryId, "US officials and Alberta separatists", "Meetings, reactions and figures")));
        Ok(await stories.Open(ada, new OpenStory(OtherStoryId, "Another story", "Left out by the story filter")));
        var rath = await Source(SourceKind.Person, "Jeff Rath", null, null);
        var ft = await Source(SourceKind.Article, "Financial Times report", "https://www.ft.com/content/app-meetings", new DateTimeOffset(2026, 1, 28, 0, 0, 0, TimeSpan.Zero));
        var laNews = await Source(SourceKind.Article, "LA News", "https://lanews.example/secret-meetings", new DateTimeOffset(2026, 1, 29, 0, 0, 0, TimeSpan.Zero));
        var whiteHouse = await Source(SourceKind.Organization, "White House", "https://www.whitehouse.gov", null);
        var cnn = await Source(SourceKind.Broadcast, "CNN", "https://edition.cnn.com/alberta", new DateTimeOffset(2026, 1, 30, 0, 0, 0, TimeSpan.Zero));

        var (claimant, reporter) = (Guid.NewGuid(), Guid.NewGuid());
        Ok(await claims.Log(ada, new LogClaim(MeetingsClaim, StoryId, "APP leaders met State Department officials three times since April", April2025),
            new AddAttribution(claimant, rath, AttributionRole.Claimant, "three times since April", null, null)));
        Ok(await claims.AddAttribution(ada, MeetingsClaim, new AddAttribution(reporter, ft, AttributionRole.Reporter, "met three times", null, null)));
        Ok(await claims.AddAttribution(ada, MeetingsClaim, new AddAttribution(Guid.NewGuid(), laNews, AttributionRole.Relay, "at least three times since April 2025", null, reporter)));
        await Publish(claims, MeetingsClaim, FirstVerdict, "half_true", null);
        await Publish(claims, MeetingsClaim, CorrectingVerdict, "mostly_false", "The meetings were not with State Department officials.");

        Ok(await claims.Log(ada, new LogClaim(FormulaClaim, StoryId, FormulaText, null),
            new AddAttribution(Guid.NewGuid(), whiteHouse, AttributionRole.Claimant, "no support or commitments were conveyed", null, null)));
        Ok(await claims.AddAttribution(ada, FormulaClaim, new AddAttribution(Guid.NewGuid(), cnn, AttributionRole.Reporter, "told CNN", null, null)));
        await Publish(claims, FormulaClaim, UnscoredVerdict, "misleading", null);

        Ok(await claims.Log(ada, new LogClaim(AwkwardClaim, StoryId, AwkwardText, null)));
        Ok(await claims.Log(ada, new LogClaim(OtherClaim, OtherStoryId, "A claim of another story", null)));
    }

    public static readonly DateTimeOffset April2025 = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An HTTP client for a new account of this newsroom holding these roles.</summary>
    public async Task<HttpClient> As(params Role[] roles) => (await App.As(roles)).Client;

    private async Task Publish(ClaimCommands claims, Guid claimId, Guid verdictId, string rating, string? correctionNote)
    {
        Ok(await claims.On(ada, claimId, (claim, by, now) => ProposeVerdictDecision.Decide(
            new ProposeVerdict(verdictId, rating, $"Rated {rating}.", [new Evidence("State Department statement", "https://www.state.gov/briefing")], correctionNote),
            claim, by, now, RatingScale.Default)));
        Ok(await claims.On(ed, claimId, (claim, by, now) => ApproveVerdictDecision.Decide(new ApproveVerdict(verdictId), claim, by, now)));
    }

    private async Task<Guid> Source(SourceKind kind, string name, string? url, DateTimeOffset? publishedAt)
    {
        var id = Guid.CreateVersion7();
        Ok(await App.Services.GetRequiredService<SourceCommands>().Register(ada, new RegisterSource(id, kind, name, url, null, null, publishedAt)));
        return id;
    }

    private async Task<CommandContext> Context(params Role[] roles)
    {
        var (_, account) = await App.As(roles);
        var actor = await App.Services.GetRequiredService<AccountDirectory>().FindById(Newsroom, account.Id);
        return new CommandContext(actor!);
    }

    private static void Ok(CommandOutcome? outcome) => outcome.ShouldBeOfType<CommandOutcome.Appended>(outcome?.ToString());

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}
