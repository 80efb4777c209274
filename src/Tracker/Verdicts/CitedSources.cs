using Tracker.Sources;
using Tracker.Store;

namespace Tracker.Verdicts;

/// <summary>The registry entries a verdict's evidence cites, looked up before the pure decision rules on them.</summary>
public static class CitedSources
{
    /// <summary>
    /// Which of the cited sources the newsroom has registered. The lookup is the newsroom's own, so another newsroom's
    /// source is as unknown as a made-up id. Past the evidence limit nothing is looked up: the decision refuses that anyway.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> Registered(Ledger ledger, string newsroom, IEnumerable<Evidence?>? evidence, CancellationToken ct)
    {
        var cited = (evidence ?? []).Take(ProposeVerdictDecision.MaxEvidence)
            .Select(e => e?.SourceId).OfType<Guid>().ToList();
        if (cited.Count == 0) return new HashSet<Guid>();
        var found = await ledger.LoadMany<Source>(newsroom, cited, ct);
        return found.Where(s => s.State.IsRegistered).Select(s => s.Id).ToHashSet();
    }
}
