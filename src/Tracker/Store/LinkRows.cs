using Npgsql;
using Tracker.EventStore.Hashing;
using Tracker.Hosting;

namespace Tracker.Store;

/// <summary>
/// Marten's event table read by hand, by the two readers that must see every stored byte as it is: the export and
/// verify. Marten's API hands events back deserialized; the chain is checked over the stored JSON instead, with the
/// hashed metadata rebuilt from Marten's headers and columns exactly as <see cref="EventEnvelope"/> spread it there.
/// Marten's own tombstone rows (never written by Tracker) are left out.
/// </summary>
public static class LinkRows
{
    public const string Events = $"{TrackerStore.Schema}.mt_events";

    /// <summary>The ten hashed fields and the stored hash, in the order <see cref="Read"/> expects, for a query over mt_events e.</summary>
    public const string Columns =
        "e.tenant_id, e.stream_id, coalesce(e.headers->>'streamType', ''), e.version, e.id, e.type, e.\"timestamp\", e.data::text, " +
        "jsonb_strip_nulls(jsonb_build_object('actor', e.headers->>'actor', 'reason', e.headers->>'reason', 'correlationId', e.correlation_id, " +
        "'causationId', e.causation_id, 'idempotencyKey', e.headers->>'idempotencyKey'))::text, " +
        "coalesce(e.headers->>'prevHash', ''), coalesce(e.headers->>'hash', '')";

    public const string NotTombstone = "e.type <> 'tombstone'";

    /// <summary>One row's chain link and stored hash, from column <paramref name="at"/> on.</summary>
    public static (ChainLink Link, string Hash) Read(NpgsqlDataReader r, int at = 0) =>
        (new ChainLink(r.GetString(at), r.GetGuid(at + 1), r.GetString(at + 2), (int)r.GetInt64(at + 3), r.GetGuid(at + 4), r.GetString(at + 5),
            r.GetFieldValue<DateTimeOffset>(at + 6), r.GetString(at + 7), r.GetString(at + 8), r.GetString(at + 9)), r.GetString(at + 10));
}
