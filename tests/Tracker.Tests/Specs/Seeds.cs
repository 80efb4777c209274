using Tracker.Claims;
using Tracker.Sources;
using Tracker.Verdicts;

namespace Tracker.Tests.Specs;

/// <summary>
/// Short quotes from the seed coverage (Alberta separatists and US officials, January to March 2026),
/// attributed as the articles attribute them.
/// </summary>
public static class Seeds
{
    public static readonly Guid StoryId = Guid.NewGuid();
    public const string StoryTitle = "US officials meet Alberta separatists";
    public const string StorySummary = "Reports that Alberta Prosperity Project leaders met US State Department officials, and Canada's reaction.";

    public static readonly DateTimeOffset FtReportDay = new(2026, 1, 29, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GlobalTimesDay = new(2026, 1, 30, 0, 0, 0, TimeSpan.Zero);

    public const string ThreeMeetings = "APP leaders met State Department officials three times since April";
    public const string ThreeMeetingsAsLaNews = "top officials from the group have convened with State Department officials in Washington at least three times since April 2025";
    public const string ThreeMeetingsAsGlobalTimes = "leaders of APP had met with US State Department officials in Washington three times since April last year";
    public const string RathHighestLevel = "When I'm saying we're meeting at the highest level of the US Government, we are meeting at the highest levels of the US Government.";

    public const string NineteenPercent = "Only 19% of Albertans would vote for secession";
    public const string ThirtyPercent = "About 30% of Albertans support sovereignty";
    public const string EightyFourPercent = "Alberta's oil sands account for about 84 percent of Canada's total crude oil production";
    public const string EightyFivePercent = "Alberta is responsible for around 85 percent of the nation's oil production";

    public static readonly Guid JeffRath = Guid.NewGuid();
    public static readonly Guid FinancialTimes = Guid.NewGuid();
    public static readonly Guid GlobalTimes = Guid.NewGuid();
    public static readonly Guid LaNews = Guid.NewGuid();
    public static readonly Guid Pollara = Guid.NewGuid();

    public static Source Registered(Guid id, SourceKind kind, string name) =>
        Source.Initial with { Id = id, Details = new(kind, name, null, null, null, null) };

    public static readonly Source RathSource = Registered(JeffRath, SourceKind.Person, "Jeff Rath");
    public static readonly Source FtSource = Registered(FinancialTimes, SourceKind.Article, "Financial Times");
    public static readonly Source GlobalTimesSource = Registered(GlobalTimes, SourceKind.Article, "Global Times");

    public static readonly IReadOnlyList<Evidence> MeetingsEvidence =
    [
        new("Rath confirmed the meetings to the Globe and Mail and said they were not a secret.", "https://www.theglobeandmail.com/"),
        new("A White House official told CNN officials met \"a number of civil society groups\".", null),
    ];
}
