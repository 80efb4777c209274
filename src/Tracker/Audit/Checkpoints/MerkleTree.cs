using System.Security.Cryptography;
using System.Text;
using Tracker.EventStore.Hashing;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0), section 2.1.1, over stream heads sorted by stream id:
/// a leaf is SHA-256(0x00 || leaf bytes), a node SHA-256(0x01 || left || right), and a list of n > 1 items splits at the
/// largest power of two below n. One changed, missing or added head changes the root.
/// </summary>
public static class MerkleTree
{
    public static string Root(IEnumerable<StreamHead> heads) =>
        Convert.ToHexStringLower(Hash([.. Sorted(heads).Select(Leaf)]));

    /// <summary>Heads in the order the tree takes them: stream id as lowercase text, compared byte by byte.</summary>
    public static IEnumerable<StreamHead> Sorted(IEnumerable<StreamHead> heads) =>
        heads.OrderBy(h => EventHash.FormatId(h.StreamId), StringComparer.Ordinal);

    /// <summary>A head's leaf bytes: the UTF-8 of canonical JSON {"hash":"…","streamId":"…","version":n}.</summary>
    public static byte[] Leaf(StreamHead head)
    {
        var s = new StringBuilder("{\"hash\":", 128);
        CanonicalJson.WriteString(s, head.Hash);
        s.Append(",\"streamId\":");
        CanonicalJson.WriteString(s, EventHash.FormatId(head.StreamId));
        s.Append(",\"version\":").Append(head.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('}');
        return Encoding.UTF8.GetBytes(s.ToString());
    }

    /// <summary>MTH(D[n]) of RFC 9162 over raw leaf inputs.</summary>
    public static byte[] Hash(IReadOnlyList<byte[]> leaves) => leaves.Count == 0 ? SHA256.HashData([]) : Subtree(leaves, 0, leaves.Count);

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return SHA256.HashData([0x00, .. leaves[start]]);
        var split = 1;
        while (split * 2 < count) split *= 2;
        return SHA256.HashData([0x01, .. Subtree(leaves, start, split), .. Subtree(leaves, start + split, count - split)]);
    }
}
