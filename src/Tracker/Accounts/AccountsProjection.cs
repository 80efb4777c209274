using JasperFx.Events;
using Marten;
using Tracker.Newsrooms;
using Tracker.Store;

namespace Tracker.Accounts;

/// <summary>
/// Newsrooms, accounts and live token hashes, kept inline by Marten (in the append transaction) so a revoked token
/// stops working the moment the revocation commits. Password hashes are not events: a ledger that auditors export
/// must not carry anything that can be brute-forced, so they sit in <c>credentials</c>, written in the same
/// transaction as the <see cref="PasswordSet"/> event.
/// </summary>
public sealed class AccountsProjection(string schema) : Marten.Events.Projections.IProjection
{
    public const string ProjectionName = "accounts";

    /// <summary>Plain tables, because a token is looked up before anyone knows which newsroom's session to open.</summary>
    public IEnumerable<string> Schema()
    {
        yield return $"create table if not exists {schema}.newsrooms (slug text primary key, name text not null, stream_id uuid not null, created timestamptz not null)";
        yield return $"""
            create table if not exists {schema}.accounts (
                tenant_id text not null, id uuid not null, name text not null, roles text[] not null,
                created timestamptz not null, updated timestamptz not null,
                primary key (tenant_id, id))
            """;
        yield return $"create unique index if not exists accounts_name on {schema}.accounts (tenant_id, lower(name))";
        yield return $"alter table {schema}.accounts add column if not exists disabled bool not null default false";
        yield return $"""
            create table if not exists {schema}.account_setup_codes (
                hash text primary key, tenant_id text not null, account_id uuid not null, expires timestamptz not null)
            """;
        // Workbench sign-ins: a cookie names its session, and every request checks it is still open here.
        yield return $"""
            create table if not exists {schema}.web_sessions (
                id uuid primary key, tenant_id text not null, account_id uuid not null,
                started timestamptz not null, ended timestamptz)
            """;
        yield return $"""
            create table if not exists {schema}.account_tokens (
                hash text primary key, token_id uuid not null unique, tenant_id text not null, account_id uuid not null,
                revoked bool not null default false, issued timestamptz not null)
            """;
        yield return $"alter table {schema}.account_tokens add column if not exists name text";
        yield return $"""
            create table if not exists {schema}.credentials (
                tenant_id text not null, account_id uuid not null, password_hash text not null, updated timestamptz not null,
                primary key (tenant_id, account_id))
            """;
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            var at = e.Timestamp.ToUniversalTime();
            switch (e.Data)
            {
                case NewsroomOpened n:
                    operations.QueueSqlCommand($"insert into {schema}.newsrooms (slug, name, stream_id, created) values (?, ?, ?, ?)",
                        n.Slug, n.Name, e.StreamId, at);
                    break;
                case AccountCreated a:
                    operations.QueueSqlCommand($"insert into {schema}.accounts (tenant_id, id, name, roles, created, updated) values (?, ?, ?, ?, ?, ?)",
                        e.TenantId, e.StreamId, a.Name, RoleNames.ToArray(a.Roles), at, at);
                    break;
                case RolesChanged r:
                    operations.QueueSqlCommand($"update {schema}.accounts set roles = ?, updated = ? where tenant_id = ? and id = ?",
                        RoleNames.ToArray(r.Roles), at, e.TenantId, e.StreamId);
                    break;
                case TokenIssued t:
                    operations.QueueSqlCommand($"insert into {schema}.account_tokens (hash, token_id, tenant_id, account_id, issued, name) values (?, ?, ?, ?, ?, ?::text)",
                        t.Hash, t.TokenId, e.TenantId, e.StreamId, at, (object?)t.Name ?? DBNull.Value);
                    break;
                case SetupCodeIssued c:
                    operations.QueueSqlCommand($"insert into {schema}.account_setup_codes (hash, tenant_id, account_id, expires) values (?, ?, ?, ?)",
                        c.Hash, e.TenantId, e.StreamId, c.ExpiresAt.ToUniversalTime());
                    break;
                case PasswordReset:
                    // Everything the person held stops at once: password, tokens, workbench sessions.
                    operations.QueueSqlCommand($"delete from {schema}.credentials where tenant_id = ? and account_id = ?", e.TenantId, e.StreamId);
                    operations.QueueSqlCommand($"update {schema}.account_tokens set revoked = true where tenant_id = ? and account_id = ?", e.TenantId, e.StreamId);
                    operations.QueueSqlCommand($"update {schema}.web_sessions set ended = ? where tenant_id = ? and account_id = ? and ended is null", at, e.TenantId, e.StreamId);
                    break;
                case AccountDisabled:
                    operations.QueueSqlCommand($"update {schema}.accounts set disabled = true, updated = ? where tenant_id = ? and id = ?", at, e.TenantId, e.StreamId);
                    break;
                case AccountEnabled:
                    operations.QueueSqlCommand($"update {schema}.accounts set disabled = false, updated = ? where tenant_id = ? and id = ?", at, e.TenantId, e.StreamId);
                    break;
                case TokenRevoked t:
                    operations.QueueSqlCommand($"update {schema}.account_tokens set revoked = true where token_id = ? and tenant_id = ?", t.TokenId, e.TenantId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
