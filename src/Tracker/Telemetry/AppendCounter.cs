using Marten;
using Marten.Services;

namespace Tracker.Telemetry;

/// <summary>Counts events once Marten has committed them: a rejected append (stale version, refused import) counts nothing.</summary>
public sealed class AppendCounter : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents()) TrackerMetrics.Appended(e.EventTypeName);
        return Task.CompletedTask;
    }
}
