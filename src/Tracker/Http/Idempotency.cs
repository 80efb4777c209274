using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Marten;
using Tracker.Commands;
using Tracker.EventStore;
using Tracker.Hosting;

namespace Tracker.Http;

/// <summary>The first response to a write, kept under its Idempotency-Key so a retry gets it back and appends nothing.</summary>
public sealed record StoredReply(string Fingerprint, int Status, string? Location, string? ETag, string Body);

/// <summary>
/// Idempotency-Key handling. The first response is written in the same transaction as the events, so a
/// retry after a lost response (or a crash between commit and reply) finds exactly what was appended.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    private const string Table = $"{TrackerStore.Schema}.idempotency_keys";

    /// <summary>
    /// The body is kept as text, byte for byte: a replay is the first answer exactly, for a client that hashes it (jsonb,
    /// which earlier installations used, reorders keys and spaces them). An older table's bodies are kept as jsonb wrote them.
    /// </summary>
    public const string Ddl = $"""
        create table if not exists {Table} (
            tenant_id text not null, key text not null, fingerprint text not null,
            status int not null, location text, etag text, body text not null, created timestamptz not null default now(),
            primary key (tenant_id, key));
        do $$ begin
            if exists (select 1 from information_schema.columns where table_schema = '{TrackerStore.Schema}'
                       and table_name = 'idempotency_keys' and column_name = 'body' and data_type = 'jsonb') then
                alter table {Table} alter column body type text using body::text;
            end if;
        end $$;
        """;

    /// <summary>
    /// The key as stored: the account's id and the client's key. Keys belong to the account that sent them, so a
    /// colleague's same key is a new request (it used to be refused with 422, letting one account block another's keys).
    /// </summary>
    public static string StoredKey(Actor by, string key) => $"{by.AccountId:N}/{key}";

    /// <summary>Same account, method, path and body: a key reused for a different request is refused rather than answered wrongly.</summary>
    public static async Task<string> Fingerprint(HttpContext http, Actor by)
    {
        var request = http.Request;
        byte[] bodyHash = [];
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            bodyHash = await SHA256.HashDataAsync(request.Body, http.RequestAborted);
            request.Body.Position = 0;
        }
        var text = $"{by.AccountId}\n{request.Method}\n{request.Path}{request.QueryString}\n{Convert.ToHexStringLower(bodyHash)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static async Task<StoredReply?> Find(NpgsqlDataSource dataSource, string tenant, string key, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select fingerprint, status, location, etag, body from {Table} where tenant_id = $1 and key = $2");
        cmd.Parameters.Add(new() { Value = tenant });
        cmd.Parameters.Add(new() { Value = key });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredReply(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4))
            : null;
    }

    /// <summary>The first reply, queued on the append's session so it exists exactly when the events do.</summary>
    public static void Record(IDocumentSession session, string tenant, string key, StoredReply reply) =>
        session.QueueSqlCommand(
            $"insert into {Table} (tenant_id, key, fingerprint, status, location, etag, body) values (?, ?, ?, ?, ?::text, ?::text, ?::text)",
            tenant, key, reply.Fingerprint, reply.Status, (object?)reply.Location ?? DBNull.Value, (object?)reply.ETag ?? DBNull.Value, reply.Body);

    /// <summary>As the session version, on a transaction of the caller's own (a signed checkpoint's), before it commits.</summary>
    public static async Task Record(NpgsqlConnection conn, string tenant, string key, StoredReply reply, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"insert into {Table} (tenant_id, key, fingerprint, status, location, etag, body) values ($1, $2, $3, $4, $5, $6, $7)", conn);
        foreach (var value in new object?[] { tenant, key, reply.Fingerprint, reply.Status, reply.Location, reply.ETag, reply.Body })
            cmd.Parameters.Add(new() { Value = value ?? DBNull.Value, NpgsqlDbType = value is int ? NpgsqlTypes.NpgsqlDbType.Integer : NpgsqlTypes.NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static IResult Replay(StoredReply reply) => new ReplayResult(reply);

    /// <summary>A request under a key already answered: the first answer again when it is the same request, 422 when it is not.</summary>
    public static IResult Answer(StoredReply earlier, string fingerprint) =>
        earlier.Fingerprint == fingerprint
            ? Replay(earlier)
            : Problems.Problem(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different request.", Header);

    /// <summary>The 400 for a key too long or with control characters; null when the key (or its absence) is fine.</summary>
    public static IResult? KeyProblem(string key) =>
        key.Length > MaxKeyLength || key.Any(char.IsControl)
            ? Problems.Problem(400, "idempotency_key_format", $"Idempotency-Key must be at most {MaxKeyLength} printable characters.", Header)
            : null;

    private sealed class ReplayResult(StoredReply reply) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = reply.Status;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (reply.Location is not null) http.Response.Headers.Location = reply.Location;
            if (reply.ETag is not null) http.Response.Headers.ETag = reply.ETag;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(reply.Body, http.RequestAborted);
        }
    }

    public static string Serialize(object? body, JsonSerializerOptions json) => JsonSerializer.Serialize(body, json);
}
