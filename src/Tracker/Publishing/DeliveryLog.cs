using Npgsql;
using Tracker.Hosting;

namespace Tracker.Publishing;

/// <summary>One delivery the receiver accepted: which change, where, after how many attempts, with what answer.</summary>
public sealed record Delivery(Guid MessageId, Guid ClaimId, Guid VerdictId, string Change, string Url, int Status, int Attempts, DateTimeOffset DeliveredAt);

/// <summary>The record of accepted deliveries, per newsroom; the message id makes a redelivery after a crash one row, not two.</summary>
public static class DeliveryLog
{
    public const string Table = TrackerStore.Schema + ".claimreview_deliveries";

    public const string Ddl = $"""
        create table if not exists {Table} (
            message_id uuid primary key,
            newsroom text not null,
            claim_id uuid not null,
            verdict_id uuid not null,
            change text not null,
            url text not null,
            status int not null,
            attempts int not null,
            delivered_at timestamptz not null);
        create index if not exists claimreview_deliveries_newsroom on {Table} (newsroom, delivered_at desc);
        """;

    public static async Task Record(NpgsqlDataSource db, string newsroom, Delivery d, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            insert into {Table} (message_id, newsroom, claim_id, verdict_id, change, url, status, attempts, delivered_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (message_id) do nothing
            """);
        foreach (var value in new object[] { d.MessageId, newsroom, d.ClaimId, d.VerdictId, d.Change, d.Url, d.Status, d.Attempts, d.DeliveredAt })
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<Delivery>> Recent(NpgsqlDataSource db, string newsroom, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select message_id, claim_id, verdict_id, change, url, status, attempts, delivered_at from {Table}
            where newsroom = $1 order by delivered_at desc limit $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = newsroom });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Delivery>();
        while (await reader.ReadAsync(ct))
            list.Add(new Delivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7)));
        return list;
    }
}
