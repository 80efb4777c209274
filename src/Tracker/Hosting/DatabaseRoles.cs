using Npgsql;

namespace Tracker.Hosting;

/// <summary>
/// The two database roles Tracker runs with. <see cref="Owner"/> owns the schema and runs migrations at start-up;
/// <see cref="App"/> serves requests and is not a superuser, owns nothing, and may only read and append to the event
/// table (no UPDATE, DELETE or TRUNCATE), so SQL smuggled into a request, or the app's connection string in the wrong
/// hands, can neither rewrite history nor switch the append-only triggers off (only an owner or a superuser can).
/// </summary>
public static class DatabaseRoles
{
    public const string Owner = "tracker_owner";
    public const string App = "tracker_app";

    /// <summary>
    /// With a superuser connection to <paramref name="database"/>: creates both roles when missing, gives the database to
    /// the owner, hands it whatever an earlier version created in the schema as the superuser, and installs the
    /// <see cref="DropGuard"/> (event triggers need a superuser).
    /// </summary>
    public static async Task Ensure(string superuserConnectionString, CancellationToken ct = default)
    {
        var database = new NpgsqlConnectionStringBuilder(superuserConnectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(superuserConnectionString));
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuserConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                // Nodes starting together take turns; roles are cluster-wide, so siblings in other databases may still race
                // on them, which the retry below absorbs.
                await Execute(conn, "select pg_advisory_xact_lock(hashtext('tracker-roles'))", ct);
                await Execute(conn, Script(database), ct);
                await Execute(conn, DropGuard.Script, ct);
                await tx.CommitAsync(ct);
                return;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.UniqueViolation
                                                  or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(50 * attempt, ct);
            }
        }
    }

    private static string Script(string database) => $"""
            do $$ begin
                -- Roles are per cluster; another database of it may have made them already.
                if not exists (select from pg_roles where rolname = '{Owner}') then
                    create role {Owner} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
                end if;
                if not exists (select from pg_roles where rolname = '{App}') then
                    create role {App} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
                end if;
            exception when unique_violation or duplicate_object then null; -- created meanwhile by a sibling
            end $$;
            alter database "{database}" owner to {Owner};
            revoke all on database "{database}" from public;
            grant connect, temporary on database "{database}" to {App};
            do $$ declare o record; begin
                if exists (select from pg_namespace where nspname = '{TrackerStore.Schema}') then
                    execute 'alter schema {TrackerStore.Schema} owner to {Owner}';
                    for o in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                             where n.nspname = '{TrackerStore.Schema}' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
                               and pg_get_userbyid(c.relowner) <> '{Owner}'
                               -- a serial or identity column's sequence follows its table and cannot be given away alone
                               and not (c.relkind = 'S' and exists (select from pg_depend d where d.classid = 'pg_class'::regclass
                                        and d.objid = c.oid and d.deptype in ('a', 'i')))
                             order by c.relkind = 'S' loop
                        execute format('alter %s {TrackerStore.Schema}.%I owner to {Owner}',
                            case o.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end, o.relname);
                    end loop;
                    for o in select p.oid::regprocedure as sig, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                             where n.nspname = '{TrackerStore.Schema}' and pg_get_userbyid(p.proowner) <> '{Owner}' loop
                        execute format('alter %s %s owner to {Owner}', case o.prokind when 'p' then 'procedure' else 'function' end, o.sig);
                    end loop;
                end if;
            end $$;
            """;

    /// <summary>
    /// As the owner, after migrations: what the app role may do. It reads and writes its read models, but on the event
    /// table and the signed checkpoints only reads and appends, and it may never delete a stream row.
    /// </summary>
    public static async Task GrantServing(NpgsqlDataSource owner, CancellationToken ct = default)
    {
        await using var conn = await owner.OpenConnectionAsync(ct);
        const string S = TrackerStore.Schema;
        await Execute(conn, $"""
            grant usage on schema {S} to {App};
            grant select, insert, update, delete on all tables in schema {S} to {App};
            grant usage, select, update on all sequences in schema {S} to {App};
            grant execute on all functions in schema {S} to {App};
            grant usage on schema {Messaging.Schema} to {App};
            grant select, insert, update, delete on all tables in schema {Messaging.Schema} to {App};
            grant usage, select, update on all sequences in schema {Messaging.Schema} to {App};
            grant execute on all functions in schema {Messaging.Schema} to {App};
            revoke update, delete, truncate on {S}.mt_events from {App};
            revoke delete, truncate on {S}.mt_streams from {App};
            revoke update, delete, truncate on {Audit.Checkpoints.CheckpointTable.Name} from {App};
            revoke insert, update, delete, truncate on {S}.newsroom_databases from {App};
            """, ct);
        // The store before Marten, where it was moved from (OldStoreMigration): read-only by trigger for every role, and
        // not writable by the app's role either, which the grant on all tables above would otherwise make it.
        await Execute(conn, $"""
            do $$ begin
                if to_regclass('{S}.events') is not null then
                    revoke insert, update, delete, truncate on {S}.events, {S}.streams from {App};
                end if;
            end $$;
            """, ct);
    }

    /// <summary>The same server and database, signed in as <paramref name="role"/> (the embedded cluster trusts its own socket).</summary>
    public static string As(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = null }.ConnectionString;

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
