using Tracker.Claims;
using Tracker.Commands;
using Tracker.Verdicts;
using static Tracker.Tests.Specs.Seeds;

namespace Tracker.Tests.Specs;

/// <summary>
/// The "three meetings" claim as the coverage built it: Jeff Rath said it, the FT reported it,
/// Global Times and LA News relayed the FT. Farid proposes verdicts, Ada and Ed sign them off.
/// </summary>
public abstract class ClaimSpec : Spec<Claim>
{
    protected static readonly ClaimLogged Logged = new(StoryId, ThreeMeetings, FtReportDay);

    protected static readonly Guid RathSaid = Guid.NewGuid();
    protected static readonly Guid FtReported = Guid.NewGuid();
    protected static readonly Guid GlobalTimesRelayed = Guid.NewGuid();
    protected static readonly Guid LaNewsRelayed = Guid.NewGuid();

    protected static readonly AttributionAdded RathClaims = new(RathSaid, JeffRath, AttributionRole.Claimant, RathHighestLevel, null, null);
    protected static readonly AttributionAdded FtReports = new(FtReported, FinancialTimes, AttributionRole.Reporter, ThreeMeetingsAsGlobalTimes, "https://www.ft.com/", null);
    protected static readonly AttributionAdded GlobalTimesRelays = new(GlobalTimesRelayed, GlobalTimes, AttributionRole.Relay, ThreeMeetingsAsGlobalTimes, null, FtReported);
    protected static readonly AttributionAdded LaNewsRelays = new(LaNewsRelayed, LaNews, AttributionRole.Relay, ThreeMeetingsAsLaNews, null, FtReported);

    protected static readonly Guid FirstVerdict = Guid.NewGuid();
    protected static readonly Guid SecondVerdict = Guid.NewGuid();

    protected const string FirstSummary = "Rath confirms the meetings; the State Department has not disputed them.";
    protected const string SecondSummary = "The White House says officials met civil society groups; the count of three rests on the group's account.";
    protected const string CorrectionNote = "The count of meetings comes from the group alone; rating lowered.";

    protected static VerdictProposed Proposed(Guid verdictId, string rating = "mostly_true", string summary = FirstSummary,
        Guid? corrects = null, string? correctionNote = null) =>
        new(verdictId, rating, summary, MeetingsEvidence, Newsroom.Farid.AccountId, corrects, correctionNote);

    protected static Recorded ProposedByFarid(Guid verdictId, string rating = "mostly_true", string summary = FirstSummary,
        Guid? corrects = null, string? correctionNote = null) =>
        By(Newsroom.Farid, Proposed(verdictId, rating, summary, corrects, correctionNote));

    protected static Recorded ApprovedBy(Actor editor, Guid verdictId) => By(editor, new VerdictApproved(verdictId, editor.AccountId));

    /// <summary>The claim with its first verdict proposed by Farid and published by Ada.</summary>
    protected static object[] Published => [Logged, ProposedByFarid(FirstVerdict), ApprovedBy(Newsroom.Ada, FirstVerdict)];

    protected static object[] With(object[] given, params object[] more) => [.. given, .. more];
}
