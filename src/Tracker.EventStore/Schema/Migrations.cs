namespace Tracker.EventStore.Schema;

/// <summary>The store's schema, one entry per version. Never edit a shipped entry: add the next one.</summary>
internal static class Migrations
{
    public static IReadOnlyList<string> All(string s) =>
    [
        // 1: streams, events, projection checkpoints, and the append-only guard.
        $"""
        create table {s}.streams (
            tenant_id   text        not null,
            id          uuid        not null,
            type        text        not null,
            version     int         not null,
            last_hash   bytea       not null,
            created     timestamptz not null,
            "timestamp" timestamptz not null,
            is_archived bool        not null default false,
            primary key (tenant_id, id));

        create table {s}.events (
            seq_id      bigint generated always as identity primary key,
            id          uuid        not null unique,
            tenant_id   text        not null,
            stream_id   uuid        not null,
            version     int         not null,
            type        text        not null,
            data        jsonb       not null,
            metadata    jsonb       not null,
            "timestamp" timestamptz not null,
            tx_id       xid8        not null default pg_current_xact_id(),
            prev_hash   bytea       not null,
            hash        bytea       not null,
            is_archived bool        not null default false,
            unique (tenant_id, stream_id, version));
        create index events_tx_seq on {s}.events (tx_id, seq_id);
        create index events_tenant_time on {s}.events (tenant_id, "timestamp");

        create table {s}.projection_progress (
            name     text        primary key,
            last_tx  xid8        not null default '0',
            last_seq bigint      not null default 0,
            updated  timestamptz not null default now());

        -- History is never rewritten: only the archive flag may change, and only from false to true.
        create function {s}.events_append_only() returns trigger language plpgsql as $$
        begin
            if tg_op = 'UPDATE' and not old.is_archived and new.is_archived
               and (new.seq_id, new.id, new.tenant_id, new.stream_id, new.version, new.type, new.data,
                    new.metadata, new."timestamp", new.tx_id, new.prev_hash, new.hash)
                   is not distinct from
                   (old.seq_id, old.id, old.tenant_id, old.stream_id, old.version, old.type, old.data,
                    old.metadata, old."timestamp", old.tx_id, old.prev_hash, old.hash) then
                return new;
            end if;
            raise exception 'events are append-only: % on %.events is not allowed', tg_op, tg_table_schema
                using errcode = 'restrict_violation';
        end $$;
        create trigger events_append_only before update or delete on {s}.events
            for each row execute function {s}.events_append_only();
        create trigger events_no_truncate before truncate on {s}.events
            for each statement execute function {s}.events_append_only();
        """,

        // 2: moving a stream head only from where the writer read it, so an append needs no lock round trip first.
        $"""
        create procedure {s}.move_stream(p_tenant text, p_id uuid, p_type text, p_from_version int, p_from_hash bytea,
                                         p_version int, p_hash bytea, p_at timestamptz) language plpgsql as $$
        begin
            update {s}.streams set version = p_version, last_hash = p_hash, "timestamp" = p_at
             where tenant_id = p_tenant and id = p_id and type = p_type and version = p_from_version
               and last_hash = p_from_hash and not is_archived;
            if not found then
                raise exception 'stream % is not at version % as the writer read it', p_id, p_from_version
                    using errcode = 'TK409';
            end if;
        end $$;
        """,
        // 3: the head moves by a plain UPDATE in the append's batch (a procedure call cost the server about as much
        // as the update itself); this function runs only when no row moved, to fail the batch with TK409.
        // move_stream stays for nodes still on the previous version during a rolling upgrade.
        $"""
        create function {s}.stream_not_at(p_id uuid, p_from_version int) returns int language plpgsql as $$
        begin
            raise exception 'stream % is not at version % as the writer read it', p_id, p_from_version
                using errcode = 'TK409';
        end $$;
        """,
    ];
}
