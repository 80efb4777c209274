using System.Text.Json;
using System.Text.Json.Serialization;
using Tracker.EventStore.Hashing;

namespace Tracker.Audit.Checkpoints;

/// <summary>Where one stream stood when a checkpoint was taken: its last event's version and hash.</summary>
public sealed record StreamHead(Guid StreamId, int Version, string Hash);

/// <summary>
/// A signed statement of where every stream of a newsroom stood: kept in the database, in checkpoints.jsonl outside it
/// and, when configured, by a witness. The heads are summarised by <see cref="Root"/>; the signature covers
/// <see cref="Statement"/> (every field but the signature and the heads, which the root stands for). docs/audit.md has
/// the exact bytes.
/// </summary>
public sealed record Checkpoint(
    string Newsroom,
    long Sequence,
    string TakenAt,
    long Position,
    long Streams,
    long Events,
    string Root,
    string Algorithm,
    string KeyFingerprint,
    string Signature,
    IReadOnlyList<StreamHead> Heads)
{
    /// <summary>How checkpoints are written in checkpoints.jsonl, the export and to a witness: camelCase, one line each.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The exact UTF-8 text that is signed: RFC 8785 canonical JSON of the fields below.</summary>
    public string Statement() => CanonicalJson.Serialize(JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["algorithm"] = Algorithm,
        ["events"] = Events,
        ["keyFingerprint"] = KeyFingerprint,
        ["newsroom"] = Newsroom,
        ["position"] = Position,
        ["root"] = Root,
        ["sequence"] = Sequence,
        ["streams"] = Streams,
        ["takenAt"] = TakenAt,
    }));

    public string ToLine() => JsonSerializer.Serialize(this, Json);

    public static Checkpoint FromLine(string line) =>
        JsonSerializer.Deserialize<Checkpoint>(line, Json) ?? throw new JsonException("A checkpoint line holds null.");

    /// <summary>The same checkpoint field for field, heads included (records compare lists by reference).</summary>
    public bool SameAs(Checkpoint other) =>
        this with { Heads = [] } == other with { Heads = [] } && Heads.SequenceEqual(other.Heads);
}
