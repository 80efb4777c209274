using Marten;
using Tracker.EventStore;
using Tracker.Store;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Tracker.Publishing;

/// <summary>
/// Enrols an append's Marten session in Wolverine's outbox when it approves or voids a verdict: the delivery message
/// is stored in the same transaction as the events and sent once they commit. Only while the app serves (Wolverine
/// running): a CLI verb or the demo loader writing before start notifies nobody.
/// </summary>
public sealed class PublishingOutbox(IServiceProvider services) : IAppendOutbox, IHostedService
{
    private volatile bool serving;

    public async ValueTask Stage(IDocumentSession session, string tenant, IReadOnlyList<AppendResult> results, CancellationToken ct)
    {
        if (!serving) return;
        var changes = ReviewChanges.In(tenant, results);
        if (changes.Count == 0) return;
        var outbox = new MartenOutbox(services.GetRequiredService<IWolverineRuntime>(), session) { TenantId = tenant };
        foreach (var change in changes) await outbox.PublishAsync(change);
    }

    // Registered after Wolverine, so it starts once Wolverine's runtime has.
    public Task StartAsync(CancellationToken ct)
    {
        serving = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        serving = false;
        return Task.CompletedTask;
    }
}
