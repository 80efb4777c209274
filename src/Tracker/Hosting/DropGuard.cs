namespace Tracker.Hosting;

/// <summary>
/// What row triggers cannot stop: a DROP of the event, stream or checkpoint tables (or of their append-only triggers and
/// the function behind them) and an ALTER TABLE that disables those triggers. Event triggers, which only a superuser
/// can create, alter or drop, refuse these to every other role, the owner included, so the role that migrates the
/// schema cannot quietly take the record away. A superuser is let through: they can bypass any guard in the database
/// anyway (session_replication_role), and signed checkpoints kept outside the database are what catch them.
/// </summary>
public static class DropGuard
{
    public const string Schema = "tracker_guard";
    private const string S = TrackerStore.Schema;
    private const string Guarded = "'mt_events', 'mt_streams', 'checkpoints'";

    /// <summary>Run as a superuser in the database (with the roles, in <see cref="DatabaseRoles.Ensure"/>).</summary>
    public static string Script => $$"""
        create schema if not exists {{Schema}};
        revoke all on schema {{Schema}} from public;

        create or replace function {{Schema}}.no_drop() returns event_trigger language plpgsql as $$
        declare o record;
        begin
            if (select rolsuper from pg_roles where rolname = current_user) then return; end if;
            for o in select * from pg_event_trigger_dropped_objects() loop
                if (o.object_type = 'table' and o.schema_name = '{{S}}' and o.object_name in ({{Guarded}}))
                   or (o.object_type = 'trigger' and o.object_identity ~ '^tracker_\w+ on {{S}}\.(mt_events|mt_streams)$')
                   or (o.object_type = 'function' and o.object_identity = '{{S}}.tracker_append_only()') then
                    raise exception 'the record is append-only: % % may not be dropped', o.object_type, o.object_identity
                        using errcode = 'insufficient_privilege';
                end if;
            end loop;
        end $$;

        create or replace function {{Schema}}.triggers_stay_on() returns event_trigger language plpgsql as $$
        begin
            if (select rolsuper from pg_roles where rolname = current_user) then return; end if;
            if exists (select from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = '{{S}}' and c.relname in ('mt_events', 'mt_streams') and t.tgname like 'tracker\_%'
                         and t.tgenabled = 'D') then
                raise exception 'the record is append-only: its triggers on {{S}}.mt_events and {{S}}.mt_streams may not be disabled'
                    using errcode = 'insufficient_privilege';
            end if;
        end $$;

        do $$ begin
            if not exists (select from pg_event_trigger where evtname = 'tracker_no_drop') then
                create event trigger tracker_no_drop on sql_drop execute function {{Schema}}.no_drop();
            end if;
            if not exists (select from pg_event_trigger where evtname = 'tracker_triggers_stay_on') then
                create event trigger tracker_triggers_stay_on on ddl_command_end when tag in ('ALTER TABLE')
                    execute function {{Schema}}.triggers_stay_on();
            end if;
        end $$;
        """;
}
