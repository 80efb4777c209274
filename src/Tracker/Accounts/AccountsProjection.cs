using Npgsql;
using Tracker.EventStore;
using Tracker.Newsrooms;

namespace Tracker.Accounts;

/// <summary>
/// Newsrooms, accounts and live token hashes, kept in the append transaction so a revoked token stops
/// working the moment the revocation commits. Password hashes are not events: a ledger that auditors
/// export must not carry anything that can be brute-forced, so they sit in <c>credentials</c>, written
/// in the same transaction as the <see cref="PasswordSet"/> event.
/// </summary>
public sealed class AccountsProjection(string schema) : IInlineProjection
{
    public bool Handles(string streamType) => streamType is AccountEventTypes.StreamType or NewsroomEventTypes.StreamType;

    public async Task EnsureSchema(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            create table if not exists {schema}.newsrooms (
                slug text primary key, name text not null, stream_id uuid not null, created timestamptz not null);
            create table if not exists {schema}.accounts (
                tenant_id text not null, id uuid not null, name text not null, roles text[] not null,
                created timestamptz not null, updated timestamptz not null,
                primary key (tenant_id, id));
            create unique index if not exists accounts_name on {schema}.accounts (tenant_id, lower(name));
            create table if not exists {schema}.account_tokens (
                hash text primary key, token_id uuid not null unique, tenant_id text not null, account_id uuid not null,
                revoked bool not null default false, issued timestamptz not null);
            create table if not exists {schema}.credentials (
                tenant_id text not null, account_id uuid not null, password_hash text not null, updated timestamptz not null,
                primary key (tenant_id, account_id));
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public Task Prepare(InlineWrite write, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case NewsroomOpened n:
                    write.Add($"insert into {schema}.newsrooms (slug, name, stream_id, created) values ($1, $2, $3, $4)",
                        n.Slug, n.Name, e.StreamId, e.RecordedAt);
                    break;
                case AccountCreated a:
                    write.Add($"insert into {schema}.accounts (tenant_id, id, name, roles, created, updated) values ($1, $2, $3, $4, $5, $5)",
                        e.Tenant, e.StreamId, a.Name, RoleNames.ToArray(a.Roles), e.RecordedAt);
                    break;
                case RolesChanged r:
                    write.Add($"update {schema}.accounts set roles = $3, updated = $4 where tenant_id = $1 and id = $2",
                        e.Tenant, e.StreamId, RoleNames.ToArray(r.Roles), e.RecordedAt);
                    break;
                case TokenIssued t:
                    write.Add($"insert into {schema}.account_tokens (hash, token_id, tenant_id, account_id, issued) values ($1, $2, $3, $4, $5)",
                        t.Hash, t.TokenId, e.Tenant, e.StreamId, e.RecordedAt);
                    break;
                case TokenRevoked t:
                    write.Add($"update {schema}.account_tokens set revoked = true where token_id = $1 and tenant_id = $2", t.TokenId, e.Tenant);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
