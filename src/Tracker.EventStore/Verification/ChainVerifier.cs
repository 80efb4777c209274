using Tracker.EventStore.Hashing;

namespace Tracker.EventStore.Verification;

public sealed record ChainFailure(string Tenant, Guid StreamId, int Version, string Problem);

public sealed record VerificationReport(long Streams, long Events, IReadOnlyList<ChainFailure> Failures)
{
    public bool Ok => Failures.Count == 0;
}

/// <summary>
/// Walks hash chains link by link, in the order given, and records every break: a recomputed hash that
/// differs, a prevHash that is not the previous link's hash, a version missing or out of order.
/// The same walk serves the database and an export file, so both are held to one rule.
/// </summary>
public sealed class ChainVerifier(bool allowPartialStreams = false)
{
    private readonly Dictionary<(string Tenant, Guid Stream), (int Version, string Hash)> heads = [];
    private readonly List<ChainFailure> failures = [];
    private long events;

    public IReadOnlyList<ChainFailure> Failures => failures;

    /// <param name="at">Where the link was read ("line 12" of a file), said before each of its problems; null for the database.</param>
    public void Add(ChainLink link, string storedHash, string? at = null)
    {
        events++;
        var key = (link.Tenant, link.StreamId);
        var known = heads.TryGetValue(key, out var head);
        var expectedVersion = known ? head.Version + 1 : 1;

        if (known && link.Version <= head.Version)
            Fail(link, at, $"version {link.Version} is out of order: it follows version {head.Version}");
        else if (link.Version > expectedVersion && (known || !allowPartialStreams))
            Fail(link, at, expectedVersion == link.Version - 1
                ? $"version {expectedVersion} is missing"
                : $"versions {expectedVersion} to {link.Version - 1} are missing");

        var expectedPrev = known ? head.Hash : link.Version == 1 || !allowPartialStreams ? EventHash.Genesis : link.PrevHash;
        if (!string.Equals(link.PrevHash, expectedPrev, StringComparison.Ordinal) && link.Version == expectedVersion)
            Fail(link, at, "prevHash does not match the previous event's hash");

        string recomputed;
        try
        {
            recomputed = EventHash.Compute(link);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            Fail(link, at, $"event cannot be canonicalised: {e.Message}");
            return;
        }
        if (!string.Equals(recomputed, storedHash, StringComparison.OrdinalIgnoreCase))
            Fail(link, at, "hash does not match the event's contents");

        if (!known || link.Version > head.Version) heads[key] = (link.Version, storedHash);
    }

    /// <summary>The stream's recorded head (version and last hash) must match the last link seen.</summary>
    public void CheckHead(string tenant, Guid streamId, int version, string lastHash)
    {
        if (!heads.TryGetValue((tenant, streamId), out var head))
        {
            failures.Add(new ChainFailure(tenant, streamId, version, "stream has no events"));
            return;
        }
        if (head.Version < version)
            failures.Add(new ChainFailure(tenant, streamId, head.Version + 1, $"versions {head.Version + 1} to {version} are missing"));
        else if (head.Version == version && !string.Equals(head.Hash, lastHash, StringComparison.OrdinalIgnoreCase))
            failures.Add(new ChainFailure(tenant, streamId, version, "stream's last hash does not match its last event"));
    }

    public VerificationReport Report() => new(heads.Count, events, failures);

    private void Fail(ChainLink link, string? at, string problem) =>
        failures.Add(new ChainFailure(link.Tenant, link.StreamId, link.Version, at is null ? problem : $"{at}: {problem}"));
}
