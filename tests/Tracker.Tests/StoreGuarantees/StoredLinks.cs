using Tracker.EventStore.Hashing;
using Tracker.Store;

namespace Tracker.Tests.StoreGuarantees;

/// <summary>A stream's rows read straight from mt_events, as verify and the export read them: the hashed fields and the stored hash.</summary>
public static class StoredLinks
{
    public static async Task<List<(ChainLink Link, string Hash)>> Of(LedgerFixture db, string newsroom, Guid stream)
    {
        await using var cmd = db.DataSource.CreateCommand(
            $"select {LinkRows.Columns} from {LinkRows.Events} e where e.tenant_id = $1 and e.stream_id = $2 and {LinkRows.NotTombstone} order by e.version");
        cmd.Parameters.Add(new() { Value = newsroom });
        cmd.Parameters.Add(new() { Value = stream });
        await using var reader = await cmd.ExecuteReaderAsync();
        var links = new List<(ChainLink, string)>();
        while (await reader.ReadAsync()) links.Add(LinkRows.Read(reader));
        return links;
    }

    /// <summary>Versions from 1 without a gap, each prevHash the hash before it (64 zeros first), each hash recomputed from its row.</summary>
    public static void ShouldChain(this List<(ChainLink Link, string Hash)> links, int events)
    {
        links.Count.ShouldBe(events);
        var prev = EventHash.Genesis;
        for (var i = 0; i < links.Count; i++)
        {
            var (link, hash) = links[i];
            link.Version.ShouldBe(i + 1);
            link.PrevHash.ShouldBe(prev, $"version {link.Version} chains from the one before");
            EventHash.Compute(link).ShouldBe(hash, $"version {link.Version} hashes its own stored fields");
            prev = hash;
        }
    }
}
