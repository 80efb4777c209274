using Npgsql;

namespace Tracker.Tests.Resilience;

/// <summary>Checks the store against what a <see cref="WriteLoad"/> was told: every acknowledged write there, none twice.</summary>
public static class StoredWrites
{
    public static async Task ShouldHoldEachAcknowledgedWriteExactlyOnce(string connectionString, WriteLoad load)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select headers->>'idempotencyKey', stream_id, type, data->>'attributionId' from tracker.mt_events where headers->>'idempotencyKey' like 'desk%'", conn);
        var stored = new List<(string Key, Guid Stream, string Type, string? AttributionId)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                stored.Add((reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));

        var byKey = stored.ToLookup(s => s.Key);
        byKey.Where(k => k.Count() > 1).Select(k => $"{k.Key} x{k.Count()}").ShouldBeEmpty("a retried key appended more than once");
        var acks = load.Acks.ToList();
        acks.Select(a => a.Key).ShouldBeUnique();
        foreach (var ack in acks)
        {
            var events = byKey[ack.Key].ToList();
            events.Count.ShouldBe(1, $"acknowledged write {ack.Key} is in the store");
            events[0].Stream.ShouldBe(ack.ClaimId, ack.Key);
            events[0].Type.ShouldBe(ack.AttributionId is null ? "claim_logged" : "attribution_added", ack.Key);
            if (ack.AttributionId is { } attribution) events[0].AttributionId.ShouldBe(attribution.ToString(), ack.Key);
        }
        load.GaveUp.ShouldBeEmpty("every write was acknowledged in the end");
        stored.Select(s => s.Key).Except(acks.Select(a => a.Key)).ShouldBeEmpty("writes stored that no client was told of");

        var claimIds = acks.Where(a => a.AttributionId is null).Select(a => a.ClaimId).ToArray();
        await using var snapshots = new NpgsqlCommand("select count(*) from tracker.mt_doc_claim where id = any($1)", conn);
        snapshots.Parameters.Add(new() { Value = claimIds });
        ((long)(await snapshots.ExecuteScalarAsync())!).ShouldBe(claimIds.Length, "every acknowledged claim has its read model");
    }
}
