using System.Text;
using Tracker.Audit.Checkpoints;

namespace Tracker.Tests.Audit;

/// <summary>The checkpoint root is RFC 9162's Merkle tree hash, over leaves docs/audit.md spells out.</summary>
public sealed class MerkleTreeTests
{
    // The eight leaves and roots of Certificate Transparency's reference tests (RFC 6962 / 9162 tree hashing).
    private static readonly byte[][] Leaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Theory]
    [InlineData(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void The_tree_hash_matches_the_reference_roots(int leaves, string root) =>
        Convert.ToHexStringLower(MerkleTree.Hash(Leaves[..leaves])).ShouldBe(root);

    [Fact]
    public void A_head_s_leaf_is_its_canonical_json()
    {
        var head = new StreamHead(Guid.Parse("01A1FD1A-6ADA-7264-9AE7-5CD9E097F64F"), 12, new string('a', 64));
        Encoding.UTF8.GetString(MerkleTree.Leaf(head))
            .ShouldBe($"{{\"hash\":\"{new string('a', 64)}\",\"streamId\":\"01a1fd1a-6ada-7264-9ae7-5cd9e097f64f\",\"version\":12}}");
    }

    [Fact]
    public void The_worked_example_in_audit_md_gives_its_root()
    {
        var newsroom = new StreamHead(Guid.Parse("01a1fd1a-6ada-7264-9ae7-5cd9e097f64f"), 1, "93cb8609ca338bff1b085b40860a95857a64957fb90785f7695a0f4f9867c2dc");
        var claim = new StreamHead(Guid.Parse("01a1fd1a-6c01-7d5e-8f4e-2b1c9a7d3e10"), 3, "5b2e0a1f" + new string('0', 56));
        var root = MerkleTree.Root([claim, newsroom]);
        root.ShouldBe("4995d7116d85b955411e8ce05d1feb9ec122f61b1b5fd06dcb6e0fbc4bbb57c0");
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(StandaloneVerifier.Script)!, "audit.md")).ShouldContain(root);
    }

    [Fact]
    public void Heads_are_ordered_by_stream_id_text_whatever_order_they_come_in()
    {
        var a = new StreamHead(Guid.Parse("00000000-0000-0000-0000-0000000000ff"), 1, new string('1', 64));
        var b = new StreamHead(Guid.Parse("00000001-0000-0000-0000-000000000000"), 1, new string('2', 64));
        MerkleTree.Root([b, a]).ShouldBe(MerkleTree.Root([a, b]));
        MerkleTree.Root([a, b]).ShouldBe(Convert.ToHexStringLower(MerkleTree.Hash([MerkleTree.Leaf(a), MerkleTree.Leaf(b)])));
        MerkleTree.Root([a, b with { Version = 2 }]).ShouldNotBe(MerkleTree.Root([a, b]));
        MerkleTree.Root([a]).ShouldNotBe(MerkleTree.Root([a, b]));
    }
}
