using Tracker.Claims;
using Tracker.EventStore;
using Tracker.Stories;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>The writes a fact-checking desk makes, as the ledger takes them: stories opened and retitled, claims logged.</summary>
public static class Desk
{
    public static readonly EventMetadata Ada = new("Ada Okafor <factchecker>");

    /// <summary>A newsroom of the test's own, so one test's damage or count never shows in another's.</summary>
    public static string NewNewsroom() => "desk-" + Guid.NewGuid().ToString("N")[..8];

    public static StreamAppend OpenStory(Guid story, string title = "Alberta separatists and US officials") =>
        new(story, StoryEventTypes.StreamType, ExpectedVersion.NoStream, [new StoryOpened(title, "Meetings reported by the FT")], Ada);

    /// <summary>From the head the writer read (one round trip), or, without one, from wherever the story stands.</summary>
    public static StreamAppend Retitle(Guid story, string title, KnownHead? head = null) =>
        new(story, StoryEventTypes.StreamType, head is null ? ExpectedVersion.Any : ExpectedVersion.Exactly(head.Version),
            [new StoryRetitled(title)], Ada) { Head = head };

    public static StreamAppend LogClaim(Guid claim, Guid story, string text, EventMetadata? by = null) =>
        new(claim, ClaimEventTypes.StreamType, ExpectedVersion.NoStream, [new ClaimLogged(story, text, null)], by ?? Ada);

    public static StreamAppend CorrectClaim(Guid claim, string text, string reason, ExpectedVersion expected, KnownHead? head = null) =>
        new(claim, ClaimEventTypes.StreamType, expected, [new ClaimTextCorrected(text, reason)], Ada) { Head = head };
}
