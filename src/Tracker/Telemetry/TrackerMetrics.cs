using System.Diagnostics.Metrics;

namespace Tracker.Telemetry;

/// <summary>
/// Tracker's own counters, beside what ASP.NET Core, Npgsql and Marten measure. Process-wide and never tagged by
/// newsroom: /metrics is read by operators, and one newsroom's activity is no business of theirs, let alone of another's.
/// </summary>
public static class TrackerMetrics
{
    public const string MeterName = "Tracker";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("tracker.events.appended", "{event}", "Events committed to the store, by event type.");

    private static readonly Counter<long> VerdictsPublished =
        Meter.CreateCounter<long>("tracker.verdicts.published", "{verdict}", "Verdicts approved by a second editor, so published.");

    private static readonly Counter<long> SignInFailures =
        Meter.CreateCounter<long>("tracker.signin.failures", "{attempt}", "Refused sign-ins: a wrong name or password, or one refused by the throttle.");

    public static void Appended(string eventType)
    {
        EventsAppended.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
        if (eventType == "verdict_approved") VerdictsPublished.Add(1);
    }

    /// <summary>A sign-in refused; <paramref name="reason"/> is "credentials" or "throttled".</summary>
    public static void SignInFailed(string reason) => SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
