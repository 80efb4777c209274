using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tracker.EventStore;

/// <summary>
/// Maps CLR event types to stable snake_case aliases, so renaming a class never breaks stored history,
/// and lets an old payload shape be upcast to the current one when it is read.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, string> aliasByType = [];
    private readonly Dictionary<string, Type> typeByAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Func<JsonObject, JsonObject>>> upcasters = new(StringComparer.Ordinal);

    private readonly Lazy<Hashing.CanonicalPayloads> canonical;

    public EventTypeRegistry(JsonSerializerOptions? json = null)
    {
        Json = json ?? StoreJson.Options;
        // Lazily, so it copies the options as they stand once configuration is done.
        canonical = new(() => new Hashing.CanonicalPayloads(Json));
    }

    public JsonSerializerOptions Json { get; }

    public EventTypeRegistry Register<T>(string alias) => Register(typeof(T), alias);

    public EventTypeRegistry Register(Type type, string alias)
    {
        if (!IsSnakeCase(alias)) throw new ArgumentException($"Event alias '{alias}' must be snake_case.", nameof(alias));
        if (typeByAlias.TryGetValue(alias, out var existing) && existing != type)
            throw new InvalidOperationException($"Alias '{alias}' is already taken by {existing.Name}.");
        aliasByType[type] = alias;
        typeByAlias[alias] = type;
        return this;
    }

    /// <summary>Reads events stored under a retired alias as <typeparamref name="T"/>; new events keep T's own alias.</summary>
    public EventTypeRegistry ReadOldAlias<T>(string oldAlias)
    {
        typeByAlias[oldAlias] = typeof(T);
        return this;
    }

    /// <summary>Transforms a stored payload of <paramref name="alias"/> before it is deserialized. Applied in registration order.</summary>
    public EventTypeRegistry Upcast(string alias, Func<JsonObject, JsonObject> transform)
    {
        if (!upcasters.TryGetValue(alias, out var list)) upcasters[alias] = list = [];
        list.Add(transform);
        return this;
    }

    public string AliasFor(Type type) =>
        aliasByType.TryGetValue(type, out var alias)
            ? alias
            : throw new InvalidOperationException($"Event type {type.Name} has no registered alias.");

    public bool IsRegistered(Type type) => aliasByType.ContainsKey(type);

    /// <summary>The class payloads of <paramref name="alias"/> are read into, or null when this installation has none.</summary>
    public Type? TypeFor(string alias) => typeByAlias.GetValueOrDefault(alias);

    public IEnumerable<string> Aliases => aliasByType.Values;

    /// <summary>Every registered type with its alias, as Marten maps them.</summary>
    public IEnumerable<(Type Type, string Alias)> All => aliasByType.Select(p => (p.Key, p.Value));

    public string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), Json);

    /// <summary>The payload in RFC 8785 form, straight from the object (no text round trip).</summary>
    public string SerializeCanonical(object data) => canonical.Value.Serialize(data);

    /// <summary>Whether <see cref="SerializeCanonical"/> writes this type without a parse and rewrite (see <see cref="Hashing.CanonicalPayloads"/>).</summary>
    public bool WritesCanonicallyDirectly(Type type) => canonical.Value.WritesDirectly(type);

    /// <summary>Unknown aliases come back as a <see cref="JsonElement"/>: history must stay readable even without the class.</summary>
    public object Deserialize(string alias, string json)
    {
        if (upcasters.TryGetValue(alias, out var transforms))
        {
            var node = JsonNode.Parse(json)!.AsObject();
            foreach (var transform in transforms) node = transform(node);
            json = node.ToJsonString();
        }
        return typeByAlias.TryGetValue(alias, out var type)
            ? JsonSerializer.Deserialize(json, type, Json)!
            : JsonDocument.Parse(json).RootElement.Clone();
    }

    private static bool IsSnakeCase(string alias) =>
        alias.Length > 0 && char.IsAsciiLetterLower(alias[0]) &&
        alias.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
