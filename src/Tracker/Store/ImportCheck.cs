using System.Text.Json;
using Tracker.EventStore;
using Tracker.EventStore.Hashing;
using Tracker.EventStore.Verification;
using Tracker.Exports;
using Tracker.Newsrooms;

namespace Tracker.Store;

/// <summary>
/// An import's first reading, beside the chain check: whether this installation can keep each event so that it still
/// hashes the same. Its type must be one this version knows, its payload must read into that class and come back
/// with the same content (a field the class lacks would be lost to the projections), its metadata must be exactly
/// the fields Marten's headers and columns hold. It also notes the newsrooms the file opens: one that exists here with
/// other history cannot be merged.
/// </summary>
public sealed class ImportCheck(Ledger ledger)
{
    private readonly List<(string Tenant, Guid Stream, int Version)> newsrooms = [];

    public string? Problem(ExportedEvent e)
    {
        var link = e.Link;
        if (ledger.Types.TypeFor(link.Type) is null) return $"event type {link.Type} is unknown to this version of Tracker";
        try
        {
            var data = ledger.Types.Deserialize(link.Type, link.DataJson);
            if (ledger.Types.SerializeCanonical(data) != EventHash.Canonicalize(link.DataJson))
                return $"its {link.Type} payload does not read back the same into this version's class (a field would be lost)";
            if (Metadata(link.MetadataJson) is null) return "its metadata holds fields other than actor, reason, correlationId, causationId and idempotencyKey";
            if (data is NewsroomOpened opened)
            {
                if (opened.Slug != link.Tenant) return $"it opens newsroom {opened.Slug} inside newsroom {link.Tenant}";
                newsrooms.Add((link.Tenant, link.StreamId, link.Version));
            }
        }
        catch (JsonException bad)
        {
            return $"its payload or metadata cannot be read: {bad.Message}";
        }
        return null;
    }

    /// <summary>The metadata as the ledger keeps it, or null when the text holds anything it would not keep.</summary>
    public static EventMetadata? Metadata(string json)
    {
        var metadata = StoreJson.DeserializeMetadata(json);
        return StoreJson.SerializeCanonical(metadata) == EventHash.Canonicalize(json) ? metadata : null;
    }

    /// <summary>Newsrooms of the file this installation already has, opened by another stream.</summary>
    public async Task<IReadOnlyList<ChainFailure>> Conflicts(CancellationToken ct)
    {
        if (newsrooms.Count == 0) return [];
        var here = new Dictionary<string, Guid>();
        foreach (var database in newsrooms.Select(n => ledger.For(n.Tenant)).Distinct())
        {
            await using var cmd = database.CreateCommand(
                $"select n.slug, n.stream_id from {Hosting.TrackerStore.Schema}.newsrooms n where n.slug = any($1)");
            cmd.Parameters.Add(new() { Value = newsrooms.Select(n => n.Tenant).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) here[r.GetString(0)] = r.GetGuid(1);
        }
        return newsrooms.Where(n => here.TryGetValue(n.Tenant, out var stream) && stream != n.Stream)
            .Select(n => new ChainFailure(n.Tenant, n.Stream, n.Version, $"newsroom {n.Tenant} already exists here with other history"))
            .ToList();
    }
}
